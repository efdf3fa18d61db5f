package io.edgeenergy.policy;

import io.edgeenergy.internal.MutablePrediction;

/**
 * What a policy sees of one stage's output: class probabilities and the usual confidence figures.
 * The pipeline reuses one instance per stage, so read it during the call and keep nothing.
 */
public interface Prediction {
  /** Index of the tier that produced it (0 = the always-on tier). */
  int tier();

  /** Index of the stage (exit) within the tier. */
  int stage();

  /** Number of stages (exits) of the tier. */
  int stageCount();

  /** Whether this is the tier's last stage (exit). */
  default boolean isLastStage() {
    return stage() == stageCount() - 1;
  }

  /** Number of classes. */
  int classCount();

  /** Probability of class {@code cls}. */
  float probability(int cls);

  /** The most probable class. */
  int top1();

  /** Probability of {@link #top1()}. */
  float top1Probability();

  /** Top-1 minus top-2 probability (1.0 for a single class). */
  float margin();

  /** Shannon entropy divided by ln(classCount): 0 = certain, 1 = uniform. */
  double normalizedEntropy();

  /** How many consecutive stages of this tier, ending with this one, agree on {@link #top1()}. */
  int agreeingStages();

  /** A stand-alone prediction over {@code probabilities}, for tests and offline replays. */
  static Prediction of(float... probabilities) {
    return of(0, 1, 1, probabilities);
  }

  /**
   * A stand-alone prediction of exit {@code stage} of a {@code stageCount}-exit tier, of which the
   * last {@code agreeingStages} exits (this one included) agree on the top-1 class: what an exit
   * policy sees there, for replaying recorded exits offline.
   *
   * @param stage the exit, 0 .. stageCount - 1
   * @param stageCount the tier's exits, at least 1
   * @param agreeingStages 1 .. stage + 1
   * @param probabilities the exit's class probabilities, at least one
   * @return the prediction
   */
  static Prediction of(int stage, int stageCount, int agreeingStages, float... probabilities) {
    if (stageCount < 1 || stage < 0 || stage >= stageCount || agreeingStages < 1 || agreeingStages > stage + 1) {
      throw new IllegalArgumentException("need 0 <= stage < stageCount and 1 <= agreeingStages <= stage + 1, got stage "
          + stage + ", stageCount " + stageCount + ", agreeingStages " + agreeingStages);
    }
    MutablePrediction p = new MutablePrediction(probabilities.length);
    System.arraycopy(probabilities, 0, p.scores(), 0, probabilities.length);
    p.update(0, stage, stageCount, agreeingStages);
    return p.view();
  }
}
