package io.edgeenergy.pipeline;

import io.edgeenergy.Ticker;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.hints.TargetLatencyController;
import java.util.List;

/**
 * The pipeline's performance hints: each tier's level (or its target-latency controller), and the one
 * hint scope kept open while consecutive tier runs want the same level (see
 * {@link TieredInferencePipeline}'s class comment). Single-threaded, like the pipeline that owns it.
 */
final class TierHints {
  private final PerformanceHints hints;
  private final boolean holdBetweenInferences;
  private final boolean active;
  private final HintLevel[] levels;
  private final TargetLatencyController[] controllers;
  private HintScope openScope;
  private HintLevel openLevel;

  TierHints(List<? extends Tier<?>> tiers, PerformanceHints hints, boolean holdBetweenInferences, Ticker ticker) {
    this.hints = hints;
    this.holdBetweenInferences = holdBetweenInferences;
    this.levels = new HintLevel[tiers.size()];
    this.controllers = new TargetLatencyController[tiers.size()];
    boolean any = false;
    for (int t = 0; t < levels.length; t++) {
      Tier<?> tier = tiers.get(t);
      levels[t] = tier.hint();
      if (tier.targetLatency() != null) {
        controllers[t] = TargetLatencyController.builder(tier.targetLatency()).ticker(ticker)
            .start(tier.hint() == null ? HintLevel.BURST : tier.hint()).build();
      }
      any |= levels[t] != null || controllers[t] != null;
    }
    this.active = any;
  }

  /** Whether any tier asks for a hint level or a latency target. */
  boolean active() {
    return active;
  }

  /** Whether the open scope is kept from one inference to the next. */
  boolean holdBetweenInferences() {
    return holdBetweenInferences;
  }

  /** Opens the hint scope tier {@code t} wants, keeping the open one if it is the same level. */
  void enter(int t, InferenceResult result) {
    HintLevel want = controllers[t] != null ? controllers[t].level() : levels[t];
    if (want == openLevel && openScope != null) {
      result.hint(t, want, openScope, true);
      return;
    }
    close();
    if (want != null) {
      openScope = hints.apply(want);
      openLevel = want;
    }
    result.hint(t, want, openScope, false);
  }

  /** Tells tier {@code t}'s latency controller, if any, what its run took. */
  void record(int t, long wallNanos, long nanojoules) {
    if (controllers[t] != null) {
      controllers[t].record(wallNanos, nanojoules);
    }
  }

  /** Closes the open scope, if any (never throws, by {@link HintScope}'s contract). */
  void close() {
    HintScope scope = openScope;
    openScope = null;
    openLevel = null;
    if (scope != null) {
      scope.close();
    }
  }

  TargetLatencyController controller(int t) {
    return controllers[t];
  }

  /** Tier {@code t}'s hint line for {@link TieredInferencePipeline#describe()}, if it has one. */
  void describe(int t, StringBuilder sb) {
    if (controllers[t] != null) {
      sb.append("  hints: ").append(controllers[t]).append('\n');
    } else if (levels[t] != null) {
      sb.append("  hint: ").append(levels[t]).append('\n');
    }
  }
}
