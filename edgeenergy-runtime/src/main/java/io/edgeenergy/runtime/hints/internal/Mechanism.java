package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;

/** One way of acting on a hint level (uclamp, affinity, one cpufreq policy, one devfreq device). */
public interface Mechanism {
  /** Stable short name, e.g. {@code uclamp}, {@code cpufreq:policy0}. */
  String name();

  /** Whether it works here, probed once when the hints are built. */
  Availability availability();

  /**
   * Applies {@code level}. A refusal (errno, read-only node, rejected value) is reported in the
   * outcome, not thrown; {@code undo} is null when nothing changed.
   */
  Applied apply(HintLevel level);

  /** What {@link #apply} did and how to take it back. */
  record Applied(HintOutcome outcome, Undo undo) {
    public static Applied skipped(String mechanism, String reason) {
      return new Applied(HintOutcome.skipped(mechanism, reason), null);
    }
  }

  /** Restores the state from before {@link #apply}; may throw, the scope logs and goes on. */
  @FunctionalInterface
  interface Undo {
    void run() throws Exception;
  }
}
