package io.edgeenergy.testkit;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.util.HashMap;
import java.util.Map;

/**
 * Policies that record every stage's top-1 and let everything run: build a <em>probe</em> pipeline
 * with {@link #gate()} between its tiers and {@link #exit()} on its segmented tiers, and every stage
 * answers every input. {@link TraceReplay#oracle} uses it to find the cheapest correct stage.
 */
public final class StageRecorder {
  private final Map<Long, Integer> top1 = new HashMap<>();

  /** Records the tier's answer, then escalates. */
  public GatePolicy gate() {
    return (Prediction p, BudgetView b) -> {
      record(p);
      return GatePolicy.Decision.ESCALATE;
    };
  }

  /** Records the exit's answer, then continues. */
  public EarlyExitPolicy exit() {
    return (Prediction p, BudgetView b) -> {
      record(p);
      return EarlyExitPolicy.Decision.CONTINUE;
    };
  }

  void record(Prediction p) {
    top1.put(key(p.tier(), p.stage()), p.top1());
  }

  /** The top-1 recorded for {@code (tier, stage)} in the current input, or -1. */
  int top1(int tier, int stage) {
    return top1.getOrDefault(key(tier, stage), -1);
  }

  void clear() {
    top1.clear();
  }

  private static long key(int tier, int stage) {
    return ((long) tier << 32) | stage;
  }
}
