package io.edgeenergy.examples.exits;

import io.edgeenergy.model.Model;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole early-exit evaluation of the multi-exit keyword model on one backend: record every exit
 * of the real segments on validation and test (the pipeline's ledger prices each segment), run the
 * monolithic model, sweep every policy family on the choosing split, choose by the rule, report on
 * test next to the monolithic model and the oracle exit, and check the chosen max-probability point
 * live.
 *
 * <p>The choosing split is the validation voice (answered by the real segments) and the out-of-fold
 * exits of the five training voices ({@link HeldOutExits}): six voices, each answered by a model that
 * never trained on it. The rule ({@link ExitSweep#runPerVoice}): the cheapest point that keeps every
 * one of the six voices within the allowed loss of its own last exit (the monolithic model is the
 * last exit's weights). Without held-out exits the validation voice alone chooses.
 */
public final class ExitEvaluation {
  /** Families swept besides the budget-aware one. */
  static final List<ExitPolicyFamily> FAMILIES = List.of(ExitPolicyFamily.maxProbability(), ExitPolicyFamily.entropy(),
      ExitPolicyFamily.margin(), ExitPolicyFamily.patience(2), ExitPolicyFamily.patience(3),
      ExitPolicyFamily.confidentOrPatience(2));
  /**
   * The budget-aware form slides from the chosen max-probability threshold (pressure 0) to the
   * threshold the same rule chooses with this allowed loss per voice (pressure 1).
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
   * @param choosingSize inputs of the choosing split (validation voice + out-of-fold voices)
   * @param monolithicChoosing the last exit's (the monolithic model's) accuracy on the choosing split
   * @param voiceNames the choosing split's voices (the training voices, then the validation voice)
   * @param monolithicPerVoice the last exit's accuracy on each of those voices
   * @param maxLoss accuracy a chosen point may lose on any voice (0.01 = 1 point)
   * @param results one sweep per family, the budget-aware form last; their "validation" curves are
   *     on the choosing split
   * @param liveMaxProbability the chosen max-probability policy run live on test through the pipeline
   */
  public record Report(double[] stageJoules, double[] accuracyPerExit, ExitProbe.Live monolithicValidation,
      ExitProbe.Live monolithicTest, OperatingPoint oracleTest, int choosingSize, double monolithicChoosing,
      List<String> voiceNames, double[] monolithicPerVoice, double maxLoss, List<ExitSweep.Result> results,
      ExitProbe.Live liveMaxProbability) {}

  /**
   * Runs it.
   *
   * @param heldOut the training voices' out-of-fold exits pooled into the choosing split, or null to
   *     choose on the validation voice alone
   * @param maxLoss accuracy the chosen points may lose against the monolithic model on the choosing
   *     split (0.01 = 1 point)
   * @param warmupPasses unmeasured passes before each measured one
   */
  public static Report run(ExitProbe probe, List<Model> segments, Model monolithic, ExitData data,
      HeldOutExits heldOut, double maxLoss, int warmupPasses) {
    ExitProbe.Recorded recorded = probe.record(segments, data.validation(), warmupPasses);
    ExitProbe.Recorded test = probe.record(segments, data.test(), 0);
    double[] joules = recorded.stageJoules();
    List<ExitRecords> voices = heldOut == null ? List.of(recorded.records()) : heldOut.voicesWith(recorded.records());
    List<String> names = new ArrayList<>(heldOut == null ? List.of() : heldOut.voiceNames());
    names.add("validation voice");
    ExitRecords choosing = ExitRecords.concat(voices);
    double[] monoPerVoice = voices.stream().mapToDouble(r -> r.accuracyPerExit()[r.exits() - 1]).toArray();
    ExitProbe.Live monoVal = probe.live(List.of(monolithic), EarlyExitPolicy.never(), data.validation(), warmupPasses);
    ExitProbe.Live monoTest = probe.live(List.of(monolithic), EarlyExitPolicy.never(), data.test(), 0);
    double monoChoosing = choosing.accuracyPerExit()[choosing.exits() - 1];
    List<ExitSweep.Result> results = new ArrayList<>();
    ExitSweep.PerVoice maxProbability = ExitSweep.perVoice(FAMILIES.get(0), voices, test.records(), joules);
    results.add(maxProbability.choose(maxLoss));
    for (ExitPolicyFamily f : FAMILIES.subList(1, FAMILIES.size())) {
      results.add(ExitSweep.runPerVoice(f, voices, test.records(), joules, maxLoss));
    }
    double calm = results.get(0).chosen().threshold();
    double pressed = maxProbability.choose(PRESSED_LOSS).chosen().threshold();   // the same curves, a looser rule
    results.add(ExitSweep.runPerVoice(ExitPolicyFamily.budgetAware(Confidence.MAX_PROBABILITY, calm, Math.min(calm, pressed)),
        voices, test.records(), joules, maxLoss));
    ExitProbe.Live live = probe.live(segments, EarlyExitPolicy.maxProbability(calm), data.test(), warmupPasses);
    return new Report(joules, test.records().accuracyPerExit(), monoVal, monoTest,
        ExitSweep.oracle(test.records(), joules), choosing.size(), monoChoosing, List.copyOf(names), monoPerVoice,
        maxLoss, results, live);
  }
}
