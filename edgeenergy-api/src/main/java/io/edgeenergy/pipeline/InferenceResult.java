package io.edgeenergy.pipeline;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.policy.Prediction;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
  private String qualityReason;
  private long latencyNanos;
  private Prediction prediction;
  private StageOutputs outputs;
  private HintLevel[] hintLevels = new HintLevel[0];
  private HintScope[] hintScopes = new HintScope[0];
  private boolean[] hintReused = new boolean[0];

  InferenceResult() {}

  /** Sizes the per-tier hint records; once, when the pipeline is built. */
  void tiers(int count) {
    hintLevels = new HintLevel[count];
    hintScopes = new HintScope[count];
    hintReused = new boolean[count];
  }

  void clearHints() {
    Arrays.fill(hintLevels, null);
    Arrays.fill(hintScopes, null);
  }

  void hint(int tierIndex, HintLevel level, HintScope scope, boolean reused) {
    hintLevels[tierIndex] = level;
    hintScopes[tierIndex] = scope;
    hintReused[tierIndex] = reused;
  }

  void set(int tierIndex, String name, int stageIndex, int stages, StopReason reason, long energyNanojoules,
      EnergyQuality energyQuality, String whyEstimated, long latency, Prediction finalPrediction,
      StageOutputs answeringOutputs) {
    this.tier = tierIndex;
    this.tierName = name;
    this.stage = stageIndex;
    this.stagesRun = stages;
    this.stopReason = reason;
    this.nanojoules = energyNanojoules;
    this.quality = energyQuality;
    this.qualityReason = whyEstimated;
    this.latencyNanos = latency;
    this.prediction = finalPrediction;
    this.outputs = answeringOutputs;
  }

  /** Index of the tier whose answer stands (0 = the always-on tier). */
  public int tier() {
    return tier;
  }

  /** Name of the tier whose answer stands. */
  public String tierName() {
    return tierName;
  }

  /** Index of the exit (stage) within that tier; 0 for a plain tier. */
  public int stage() {
    return stage;
  }

  /** The name of the stage that answered (its model's, or the function stage's name). */
  public String stageName() {
    return outputs.stage();
  }

  /**
   * The answering stage's outputs by name (boxes and scores of a detector, a VAD probability...): a
   * live view valid until the next run, also in a {@link #copy()}.
   */
  public StageOutputs outputs() {
    return outputs;
  }

  /** Model calls this inference made, across all tiers. */
  public int stagesRun() {
    return stagesRun;
  }

  /** Why the inference stopped where it did. */
  public StopReason stopReason() {
    return stopReason;
  }

  /**
   * Whether this result holds an answer: false when the inference stopped on
   * {@link StopReason#NON_FINITE_SCORES} (NaN or infinite scores are no class).
   */
  public boolean hasAnswer() {
    return stopReason != StopReason.NON_FINITE_SCORES;
  }

  /**
   * The predicted class.
   *
   * @throws IllegalStateException the result has {@linkplain #hasAnswer() no answer}
   */
  public int top1() {
    requireAnswer();
    return prediction.top1();
  }

  /**
   * The predicted class's probability.
   *
   * @throws IllegalStateException the result has {@linkplain #hasAnswer() no answer}
   */
  public float confidence() {
    requireAnswer();
    return prediction.top1Probability();
  }

  private void requireAnswer() {
    if (!hasAnswer()) {
      throw new IllegalStateException("no answer: stage " + stage + " of tier '" + tierName + "' produced non-finite"
          + " scores (NaN or infinity; check the input for NaN values), so the inference stopped there");
    }
  }

  /** The final stage's prediction (a live view: valid until the next run). */
  public Prediction prediction() {
    return prediction;
  }

  /** Energy of this inference, all tiers and stages together, in nanojoules. */
  public long nanojoules() {
    return nanojoules;
  }

  /** Energy of this inference, all tiers and stages together. */
  public Energy energy() {
    return Energy.ofNanojoules(nanojoules);
  }

  /** Whether {@link #energy()} is MEASURED or ESTIMATED ({@link #qualityReason()} says why). */
  public EnergyQuality quality() {
    return quality;
  }

  /**
   * Why {@link #quality()} is ESTIMATED (the meter is an estimator, sampled metering, an impossible
   * meter reading, a meter that stopped counting), or {@code null} for a MEASURED figure.
   */
  public String qualityReason() {
    return qualityReason;
  }

  /** Wall time of this inference, in nanoseconds. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** Wall time of this inference. */
  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /**
   * The performance hint level tier {@code tierIndex} ran under in this inference, or {@code null} if
   * the tier did not run or runs without a hint.
   */
  public HintLevel hintLevel(int tierIndex) {
    return hintLevels[tierIndex];
  }

  /** Whether at least one hint mechanism applied for that tier's run (false if it had no hint). */
  public boolean hintApplied(int tierIndex) {
    HintScope scope = hintScopes[tierIndex];
    return scope != null && scope.anyApplied();
  }

  /**
   * Whether that tier ran in a hint scope that was already open (same level as the tier or inference
   * before it), so no hint was re-applied for it.
   */
  public boolean hintReused(int tierIndex) {
    return hintLevels[tierIndex] != null && hintReused[tierIndex];
  }

  /** What each hint mechanism did for that tier's scope; empty if the tier ran without a hint. */
  public List<HintOutcome> hintOutcomes(int tierIndex) {
    HintScope scope = hintScopes[tierIndex];
    return scope == null ? List.of() : scope.outcomes();
  }

  /** A detached copy that later runs do not overwrite. */
  public InferenceResult copy() {
    MutablePrediction p = new MutablePrediction(prediction.classCount());
    for (int i = 0; i < p.scores().length; i++) {
      p.scores()[i] = prediction.probability(i);
    }
    p.update(prediction.tier(), prediction.stage(), prediction.stageCount(), prediction.agreeingStages());
    InferenceResult r = new InferenceResult();
    r.set(tier, tierName, stage, stagesRun, stopReason, nanojoules, quality, qualityReason, latencyNanos, p.view(),
        outputs);
    r.hintLevels = hintLevels.clone();
    r.hintScopes = hintScopes.clone();
    r.hintReused = hintReused.clone();
    return r;
  }

  @Override
  public String toString() {
    return "InferenceResult[class " + (prediction == null || !hasAnswer() ? "-" : top1() + " p=" + confidence()) + ", tier "
        + tierName + " stage " + stage + ", " + stopReason + ", " + Energy.ofNanojoules(nanojoules) + " " + quality
        + ", " + latencyNanos / 1e3 + " µs]";
  }
}
