package io.edgeenergy.pipeline;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.policy.Prediction;
import java.time.Duration;

/**
 * The outcome of one {@link TieredInferencePipeline#run}: the answer, where it came from, what it
 * cost and why it stopped there.
 *
 * <p><b>Reused:</b> a pipeline returns the same instance from every run, overwritten each time, so
 * the hot path allocates nothing. Read it before the next run, or keep a {@link #copy()}.
 */
public final class InferenceResult {
  private int tier;
  private String tierName;
  private int stage;
  private int stagesRun;
  private StopReason stopReason;
  private long nanojoules;
  private EnergyQuality quality;
  private long latencyNanos;
  private Prediction prediction;

  InferenceResult() {}

  void set(int tierIndex, String name, int stageIndex, int stages, StopReason reason, long energyNanojoules,
      EnergyQuality energyQuality, long latency, Prediction finalPrediction) {
    this.tier = tierIndex;
    this.tierName = name;
    this.stage = stageIndex;
    this.stagesRun = stages;
    this.stopReason = reason;
    this.nanojoules = energyNanojoules;
    this.quality = energyQuality;
    this.latencyNanos = latency;
    this.prediction = finalPrediction;
  }

  /** Index of the tier whose answer stands (0 = the always-on tier). */
  public int tier() {
    return tier;
  }

  public String tierName() {
    return tierName;
  }

  /** Index of the exit (stage) within that tier; 0 for a plain tier. */
  public int stage() {
    return stage;
  }

  /** Model calls this inference made, across all tiers. */
  public int stagesRun() {
    return stagesRun;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** The predicted class. */
  public int top1() {
    return prediction.top1();
  }

  public float confidence() {
    return prediction.top1Probability();
  }

  /** The final stage's prediction (a live view: valid until the next run). */
  public Prediction prediction() {
    return prediction;
  }

  /** Energy of this inference, all tiers and stages together, in nanojoules. */
  public long nanojoules() {
    return nanojoules;
  }

  public Energy energy() {
    return Energy.ofNanojoules(nanojoules);
  }

  public EnergyQuality quality() {
    return quality;
  }

  public long latencyNanos() {
    return latencyNanos;
  }

  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /** A detached copy that later runs do not overwrite. */
  public InferenceResult copy() {
    MutablePrediction p = new MutablePrediction(prediction.classCount());
    for (int i = 0; i < p.scores().length; i++) {
      p.scores()[i] = prediction.probability(i);
    }
    p.update(prediction.tier(), prediction.stage(), prediction.stageCount(), prediction.agreeingStages());
    InferenceResult r = new InferenceResult();
    r.set(tier, tierName, stage, stagesRun, stopReason, nanojoules, quality, latencyNanos, p);
    return r;
  }

  @Override
  public String toString() {
    return "InferenceResult[class " + (prediction == null ? "-" : top1() + " p=" + confidence()) + ", tier "
        + tierName + " stage " + stage + ", " + stopReason + ", " + Energy.ofNanojoules(nanojoules) + " " + quality
        + ", " + latencyNanos / 1e3 + " µs]";
  }
}
