package io.edgeenergy.hints;

import java.util.Objects;

/**
 * What one mechanism (uclamp, affinity, cpufreq, devfreq, ...) did for one {@link HintScope}: applied,
 * or not and why. Mechanisms never throw into the inference path; they report here instead.
 *
 * @param mechanism short stable name, e.g. {@code "uclamp"}, {@code "affinity"}, {@code "cpufreq:policy0"}
 * @param applied whether the mechanism changed something for this scope
 * @param detail what was set ({@code "uclamp.min=0 max=256"}) or why not ({@code "EPERM: ..."})
 */
public record HintOutcome(String mechanism, boolean applied, String detail) {
  /** Checks the mechanism name and detail are present. */
  public HintOutcome {
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@code mechanism} applied, with {@code detail} on what it set. */
  public static HintOutcome applied(String mechanism, String detail) {
    return new HintOutcome(mechanism, true, detail);
  }

  /** {@code mechanism} skipped, for {@code reason}. */
  public static HintOutcome skipped(String mechanism, String reason) {
    return new HintOutcome(mechanism, false, reason);
  }

  @Override
  public String toString() {
    return mechanism + (applied ? " applied: " : " not applied: ") + detail;
  }
}
