package io.edgeenergy.hints;

import java.util.List;

/**
 * An applied hint, open until {@link #close()} restores the state that was there before it. Scopes
 * nest: closing an inner scope returns to the outer scope's state. Close on the thread that applied
 * it when a mechanism is per-thread (uclamp, affinity). Closing twice does nothing.
 */
public interface HintScope extends AutoCloseable {
  /** The level this scope asked for. */
  HintLevel level();

  /** One outcome per mechanism that was tried, in the order they were tried. */
  List<HintOutcome> outcomes();

  /** True if at least one mechanism applied. */
  default boolean anyApplied() {
    for (HintOutcome outcome : outcomes()) {
      if (outcome.applied()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A scope for implementations of {@link PerformanceHints}: reports {@code level} and
   * {@code outcomes}, and runs {@code release} on its first {@link #close()} only (from any thread).
   * {@code release} must not throw; catch and log what may fail.
   */
  static HintScope of(HintLevel level, List<HintOutcome> outcomes, Runnable release) {
    return new OnceScope(level, List.copyOf(outcomes), release);
  }

  /** Restores the previous state. Never throws: a failed restore is logged and reported, not raised. */
  @Override
  void close();
}
