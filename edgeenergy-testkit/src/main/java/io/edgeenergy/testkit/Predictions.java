package io.edgeenergy.testkit;

import io.edgeenergy.policy.Prediction;

/**
 * Predictions to feed a policy under test directly, without a pipeline. {@link Prediction#of} makes
 * a single-stage one; {@link #atStage} places it at an exit of a segmented tier with a number of
 * agreeing exits, as a pipeline would (what {@code patience}-style exit policies read).
 */
public final class Predictions {
  private Predictions() {}

  /** A prediction over {@code probabilities} at tier 0, stage 0 of 1. */
  public static Prediction of(float... probabilities) {
    return Prediction.of(probabilities);
  }

  /**
   * A prediction over {@code probabilities} as stage {@code stage} of {@code stageCount} of tier
   * {@code tier}, where the last {@code agreeingStages} exits (this one included) agree on its top-1.
   */
  public static Prediction atStage(int tier, int stage, int stageCount, int agreeingStages, float... probabilities) {
    if (tier < 0 || stage < 0 || stage >= stageCount) {
      throw new IllegalArgumentException("need tier >= 0 and 0 <= stage < stageCount, got tier " + tier + ", stage "
          + stage + " of " + stageCount);
    }
    if (agreeingStages < 1 || agreeingStages > stage + 1) {
      throw new IllegalArgumentException("agreeingStages must be in [1, " + (stage + 1) + "] at stage " + stage
          + ", was " + agreeingStages);
    }
    return new Placed(Prediction.of(probabilities), tier, stage, stageCount, agreeingStages);
  }

  private record Placed(Prediction p, int tier, int stage, int stageCount, int agreeingStages) implements Prediction {
    @Override
    public int classCount() {
      return p.classCount();
    }

    @Override
    public float probability(int cls) {
      return p.probability(cls);
    }

    @Override
    public int top1() {
      return p.top1();
    }

    @Override
    public float top1Probability() {
      return p.top1Probability();
    }

    @Override
    public float margin() {
      return p.margin();
    }

    @Override
    public double normalizedEntropy() {
      return p.normalizedEntropy();
    }

    @Override
    public String toString() {
      return "Prediction[tier=" + tier + ", stage=" + stage + "/" + stageCount + ", agreeing=" + agreeingStages
          + ", top1=" + top1() + " p=" + top1Probability() + "]";
    }
  }
}
