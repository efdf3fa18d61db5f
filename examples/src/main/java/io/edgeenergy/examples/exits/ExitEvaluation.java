package io.edgeenergy.examples.exits;

import io.edgeenergy.model.Model;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole early-exit evaluation of the multi-exit keyword model on one backend: record every exit
 * of the real segments on validation and test (the pipeline's ledger prices each segment), run the
 * monolithic model, sweep every policy family on validation, choose by the rule, report on test next
 * to the monolithic model and the oracle exit, and check the chosen max-probability point live.
 */
public final class ExitEvaluation {
  /** Families swept besides the budget-aware one. */
  static final List<ExitPolicyFamily> FAMILIES = List.of(ExitPolicyFamily.maxProbability(), ExitPolicyFamily.entropy(),
      ExitPolicyFamily.margin(), ExitPolicyFamily.patience(2), ExitPolicyFamily.patience(3),
      ExitPolicyFamily.confidentOrPatience(2));
  /**
   * The budget-aware form slides from the chosen max-probability threshold (pressure 0) to the
   * threshold of the cheapest validation point within this many accuracy points of the monolithic
   * model (pressure 1).
   */
  public static final double PRESSED_LOSS = 0.05;

  private ExitEvaluation() {}

  /**
   * Everything the exits command prints.
   *
   * @param stageJoules estimated joules of one run of each segment (validation pass)
   * @param accuracyPerExit test accuracy of each exit alone
   * @param monolithicValidation the monolithic model on validation (accuracy, joules)
   * @param monolithicTest the monolithic model on test
   * @param oracleTest the oracle exit on test
   * @param target the validation accuracy every chosen point must keep
   * @param results one sweep per family, the budget-aware form last
   * @param liveMaxProbability the chosen max-probability policy run live on test through the pipeline
   */
  public record Report(double[] stageJoules, double[] accuracyPerExit, ExitProbe.Live monolithicValidation,
      ExitProbe.Live monolithicTest, OperatingPoint oracleTest, double target, List<ExitSweep.Result> results,
      ExitProbe.Live liveMaxProbability) {}

  /**
   * Runs it.
   *
   * @param maxLoss accuracy the chosen points may lose against the monolithic model on validation (0.01 = 1 point)
   * @param warmupPasses unmeasured passes before each measured one
   */
  public static Report run(ExitProbe probe, List<Model> segments, Model monolithic, ExitData data, double maxLoss,
      int warmupPasses) {
    ExitProbe.Recorded val = probe.record(segments, data.validation(), warmupPasses);
    ExitProbe.Recorded test = probe.record(segments, data.test(), 0);
    double[] joules = val.stageJoules();
    ExitProbe.Live monoVal = probe.live(List.of(monolithic), EarlyExitPolicy.never(), data.validation(), warmupPasses);
    ExitProbe.Live monoTest = probe.live(List.of(monolithic), EarlyExitPolicy.never(), data.test(), 0);
    double target = Math.max(0, monoVal.accuracy() - maxLoss);
    List<ExitSweep.Result> results = new ArrayList<>();
    for (ExitPolicyFamily f : FAMILIES) {
      results.add(ExitSweep.run(f, val.records(), test.records(), joules, target));
    }
    ExitSweep.Result maxProb = results.get(0);
    double calm = maxProb.chosen().threshold();
    double pressed = ExitSweep.choose(maxProb.validation(), Math.max(0, monoVal.accuracy() - PRESSED_LOSS)).threshold();
    results.add(ExitSweep.run(ExitPolicyFamily.budgetAware(Confidence.MAX_PROBABILITY, calm, Math.min(calm, pressed)),
        val.records(), test.records(), joules, target));
    ExitProbe.Live live = probe.live(segments, EarlyExitPolicy.maxProbability(calm), data.test(), warmupPasses);
    return new Report(joules, test.records().accuracyPerExit(), monoVal, monoTest,
        ExitSweep.oracle(test.records(), joules), target, results, live);
  }
}
