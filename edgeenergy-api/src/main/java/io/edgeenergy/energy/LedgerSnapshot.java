package io.edgeenergy.energy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import java.util.List;

/**
 * An immutable copy of an {@link EnergyLedger}.
 *
 * @param inferences inferences recorded
 * @param total the sum of every inference's energy (equals the sum of all stage charges)
 * @param quality MEASURED only if every charge was measured
 * @param budgetDenials inferences where the budget refused an escalation
 * @param tiers per tier, per stage (model) counters
 */
public record LedgerSnapshot(long inferences, Energy total, EnergyQuality quality, long budgetDenials,
    List<TierStats> tiers) {

  /** Copies the tier list. */
  public LedgerSnapshot {
    tiers = List.copyOf(tiers);
  }

  /** Mean energy per inference; zero before the first. */
  public Energy meanPerInference() {
    return inferences == 0 ? Energy.ZERO : total.dividedBy(inferences);
  }

  /** The sum of every stage charge; equals {@link #total()} (the ledger's conservation law). */
  public Energy sumOfStages() {
    Energy sum = Energy.ZERO;
    for (TierStats t : tiers) {
      sum = sum.plus(t.energy());
    }
    return sum;
  }

  /** Fraction of inferences that ran tier {@code tier} (1.0 for tier 0). */
  public double reachedRate(int tier) {
    return inferences == 0 ? 0 : (double) tiers.get(tier).runs() / inferences;
  }

  /** Fraction of inferences that stopped at {@code (tier, stage)}. */
  public double stopRate(int tier, int stage) {
    return inferences == 0 ? 0 : (double) tiers.get(tier).stages().get(stage).stops() / inferences;
  }

  /** One tier's counters. */
  public record TierStats(String name, List<StageStats> stages) {
    /** Copies the stage list. */
    public TierStats {
      stages = List.copyOf(stages);
    }

    /** Inferences that entered this tier (runs of its first stage). */
    public long runs() {
      return stages.get(0).runs();
    }

    /** Energy of all the tier's stage runs. */
    public Energy energy() {
      Energy sum = Energy.ZERO;
      for (StageStats s : stages) {
        sum = sum.plus(s.energy());
      }
      return sum;
    }
  }

  /**
   * One stage's (model's) counters.
   *
   * @param runs calls of this model
   * @param stops inferences that ended at this stage
   * @param wallNanos wall time spent in its calls
   */
  public record StageStats(String model, long runs, long stops, Energy energy, long wallNanos,
      EnergyQuality quality) {
    /** Mean energy per run of this stage; zero before its first run. */
    public Energy meanPerRun() {
      return runs == 0 ? Energy.ZERO : energy.dividedBy(runs);
    }
  }
}
