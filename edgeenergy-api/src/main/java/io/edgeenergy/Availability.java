package io.edgeenergy;

import java.util.Objects;

/**
 * Whether an optional capability (a meter, a backend, a hint mechanism) works here and, if not, why.
 * Probing a capability never throws: it returns this.
 */
public record Availability(boolean available, String reason) {
  public static final Availability AVAILABLE = new Availability(true, "");

  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  public static Availability unavailable(String reason) {
    if (reason.trim().isEmpty()) {   // not isBlank(): Android has it from API 34 only
      throw new IllegalArgumentException("an unavailable capability needs a reason");
    }
    return new Availability(false, reason);
  }

  @Override
  public String toString() {
    return available ? "available" : "unavailable: " + reason;
  }
}
