package io.edgeenergy.examples.exits;

import io.edgeenergy.policy.Prediction;

/**
 * One recorded exit of one input, seen as the pipeline shows it to an exit policy: the same top-1,
 * margin, normalized entropy and agreeing-exit count (computed as the pipeline computes them), so a
 * policy replayed on {@link ExitRecords} decides exactly as it would have live. Reused: {@link #at}
 * moves it to another input and exit, as the pipeline reuses its one prediction per stage.
 */
final class ReplayedPrediction implements Prediction {
  private final ExitRecords records;
  private float[] scores;
  private int exit;
  private int top1;
  private float top1Probability;
  private float margin;
  private int agreeing;

  ReplayedPrediction(ExitRecords records) {
    this.records = records;
  }

  /** Shows exit {@code exitIndex} of input {@code input}; {@code agreeingStages} as counted by the caller. */
  ReplayedPrediction at(int input, int exitIndex, int agreeingStages) {
    this.scores = records.probabilities()[input][exitIndex];
    this.exit = exitIndex;
    this.agreeing = agreeingStages;
    int best = 0;
    float p1 = Float.NEGATIVE_INFINITY;
    float p2 = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < scores.length; i++) {
      float p = scores[i];
      if (p > p1) {
        p2 = p1;
        p1 = p;
        best = i;
      } else if (p > p2) {
        p2 = p;
      }
    }
    this.top1 = best;
    this.top1Probability = p1;
    this.margin = p1 - p2;
    return this;
  }

  @Override
  public int tier() {
    return 0;
  }

  @Override
  public int stage() {
    return exit;
  }

  @Override
  public int stageCount() {
    return records.exits();
  }

  @Override
  public int classCount() {
    return scores.length;
  }

  @Override
  public float probability(int cls) {
    return scores[cls];
  }

  @Override
  public int top1() {
    return top1;
  }

  @Override
  public float top1Probability() {
    return top1Probability;
  }

  @Override
  public float margin() {
    return margin;
  }

  @Override
  public double normalizedEntropy() {
    double entropy = 0;
    for (float p : scores) {
      if (p > 0) {
        entropy -= p * Math.log(p);
      }
    }
    return Math.min(1.0, entropy / Math.log(scores.length));
  }

  @Override
  public int agreeingStages() {
    return agreeing;
  }
}
