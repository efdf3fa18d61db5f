package io.edgeenergy;

import java.util.Objects;

/**
 * Whether an optional capability (a meter, a backend, a hint mechanism) works here and, if not, why.
 * Probing a capability never throws: it returns this.
 */
public record Availability(boolean available, String reason) {
  /** Available: nothing is missing. */
  public static final Availability AVAILABLE = new Availability(true, "");

  /** Checks that the reason is not null. */
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  /** Not available, for {@code reason} (what is missing and how to get it). */
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
