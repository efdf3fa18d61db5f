package io.edgeenergy.testkit;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.util.Arrays;

/**
 * Policies for the oracle's probe pipeline: they record every stage's top-1 and let everything run
 * ({@link #gate()} always escalates, {@link #exit()} always continues).
 */
final class StageRecorder {
  private final int[][] top1;

  StageRecorder(int[] stagesPerTier) {
    top1 = new int[stagesPerTier.length][];
    for (int t = 0; t < stagesPerTier.length; t++) {
      top1[t] = new int[stagesPerTier[t]];
    }
    clear();
  }

  GatePolicy gate() {
    return (Prediction p, BudgetView b) -> {
      record(p);
      return GatePolicy.Decision.ESCALATE;
    };
  }

  EarlyExitPolicy exit() {
    return (Prediction p, BudgetView b) -> {
      record(p);
      return EarlyExitPolicy.Decision.CONTINUE;
    };
  }

  void record(Prediction p) {
    top1[p.tier()][p.stage()] = p.top1();
  }

  /** The top-1 recorded for {@code (tier, stage)} in the current input, or -1. */
  int top1(int tier, int stage) {
    return top1[tier][stage];
  }

  void clear() {
    for (int[] t : top1) {
      Arrays.fill(t, -1);
    }
  }
}
