package io.edgeenergy.micrometer;

import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.StopReason;
import java.util.EnumMap;
import java.util.List;

/**
 * Inferences per {@link StopReason}, derived from where the ledger says they stopped: before a tier's
 * last stage is an early exit, at the last stage of the last tier is the final tier, at the last stage
 * of an earlier tier is an accepted answer unless the budget denied the escalation (the ledger counts
 * those denials). The pipeline records nothing extra for it.
 */
final class StopCounts {
  private StopCounts() {}

  static EnumMap<StopReason, Long> of(LedgerSnapshot s) {
    EnumMap<StopReason, Long> counts = new EnumMap<>(StopReason.class);
    for (StopReason r : StopReason.values()) {
      counts.put(r, 0L);
    }
    List<LedgerSnapshot.TierStats> tiers = s.tiers();
    long lastOfEarlierTiers = 0;
    for (int t = 0; t < tiers.size(); t++) {
      List<LedgerSnapshot.StageStats> stages = tiers.get(t).stages();
      for (int st = 0; st < stages.size() - 1; st++) {
        counts.merge(StopReason.EARLY_EXIT, stages.get(st).stops(), Long::sum);
      }
      long last = stages.get(stages.size() - 1).stops();
      if (t == tiers.size() - 1) {
        counts.put(StopReason.FINAL_TIER, last);
      } else {
        lastOfEarlierTiers += last;
      }
    }
    counts.put(StopReason.BUDGET_DENIED, s.budgetDenials());
    counts.put(StopReason.ACCEPTED, lastOfEarlierTiers - s.budgetDenials());
    return counts;
  }
}
