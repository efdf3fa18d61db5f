package io.edgeenergy.examples.exits;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.Prediction;
import java.util.List;
import java.util.Objects;

/**
 * Runs the real segments of a multi-exit model on a split through the SDK's pipeline: every segment
 * on every input (an exit policy that records each exit's probabilities and always continues), so
 * the sweep can replay any policy offline; the pipeline's ledger gives each segment's estimated
 * joules per run. Also runs a model or a policy live, for the monolithic row and the check that a
 * replayed operating point is what the pipeline really spends.
 */
public final class ExitProbe {
  /** The multi-exit segments' and the monolithic model's probabilities are read from this output. */
  public static final ScoreReader PROBS = ScoreReader.probabilities("probs");

  private final EnergyMeter meter;
  private final Metering metering;

  /** Probes with {@code meter}, reading it as {@code metering} says. */
  public ExitProbe(EnergyMeter meter, Metering metering) {
    this.meter = Objects.requireNonNull(meter, "meter");
    this.metering = Objects.requireNonNull(metering, "metering");
  }

  /**
   * Every exit of every input, and the mean estimated joules of one run of each segment (exit head
   * included).
   *
   * @param records every exit's probabilities
   * @param stageJoules joules per run of each segment
   */
  public record Recorded(ExitRecords records, double[] stageJoules) {}

  /** A live run's accuracy, mean joules per inference and exit histogram, from the pipeline's ledger. */
  public record Live(double accuracy, double joulesPerInference, int[] exitHistogram) {}

  /** Records every exit of {@code segments} on {@code split}, after {@code warmupPasses} unrecorded passes. */
  public Recorded record(List<Model> segments, ExitData.Split split, int warmupPasses) {
    int n = split.size();
    float[][][] probs = new float[n][segments.size()][];
    int[] current = new int[1];
    EarlyExitPolicy recorder = (Prediction p, BudgetView b) -> {
      probs[current[0]][p.stage()] = copy(p);
      return EarlyExitPolicy.Decision.CONTINUE;
    };
    try (TieredInferencePipeline<float[]> pipeline = pipeline(segmented(segments, recorder))) {
      for (int pass = 0; pass < warmupPasses; pass++) {
        for (int i = 0; i < n; i++) {
          current[0] = i;
          pipeline.run(split.features()[i]);
        }
      }
      pipeline.reset();
      for (int i = 0; i < n; i++) {
        current[0] = i;
        InferenceResult r = pipeline.run(split.features()[i]);
        probs[i][segments.size() - 1] = copy(r.prediction());   // the pipeline never asks after the last exit
      }
      List<LedgerSnapshot.StageStats> stages = pipeline.ledger().snapshot().tiers().get(0).stages();
      double[] joules = new double[segments.size()];
      for (int s = 0; s < joules.length; s++) {
        joules[s] = stages.get(s).meanPerRun().toJoules();
      }
      return new Recorded(new ExitRecords(probs, split.labels()), joules);
    }
  }

  /**
   * Runs {@code segments} live under {@code policy} (or one monolithic model when the list has one
   * entry) over {@code split}, after {@code warmupPasses} unmetered passes.
   */
  public Live live(List<Model> segments, EarlyExitPolicy policy, ExitData.Split split, int warmupPasses) {
    Tier<float[]> tier = segments.size() == 1
        ? Tier.<float[]>builder("monolithic").model(segments.get(0)).input(InputBinder.floats()).scores(PROBS).build()
        : segmented(segments, policy);
    try (TieredInferencePipeline<float[]> pipeline = pipeline(tier)) {
      for (int pass = 0; pass < warmupPasses; pass++) {
        for (float[] x : split.features()) {
          pipeline.run(x);
        }
      }
      pipeline.reset();
      int right = 0;
      int[] histogram = new int[segments.size()];
      for (int i = 0; i < split.size(); i++) {
        InferenceResult r = pipeline.run(split.features()[i]);
        right += r.prediction().top1() == split.labels()[i] ? 1 : 0;
        histogram[r.stage()]++;
      }
      return new Live((double) right / split.size(), pipeline.ledger().snapshot().meanPerInference().toJoules(),
          histogram);
    }
  }

  private TieredInferencePipeline<float[]> pipeline(Tier<float[]> tier) {
    return TieredInferencePipeline.<float[]>builder().tier(tier).meter(meter).metering(metering).build();
  }

  /** The segmented tier the SDK runs: segment 1 takes the window's features, each later one the hidden state. */
  public static Tier<float[]> segmented(List<Model> segments, EarlyExitPolicy policy) {
    return Tier.<float[]>builder("multi-exit").segments(segments).input(InputBinder.floats()).scores(PROBS)
        .earlyExit(policy).build();
  }

  private static float[] copy(Prediction p) {
    float[] out = new float[p.classCount()];
    for (int c = 0; c < out.length; c++) {
      out[c] = p.probability(c);
    }
    return out;
  }
}
