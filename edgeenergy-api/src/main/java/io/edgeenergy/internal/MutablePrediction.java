package io.edgeenergy.internal;

import io.edgeenergy.policy.Prediction;

/**
 * The pipeline's reusable prediction writer: it writes probabilities into {@link #scores()}, then
 * {@link #update} derives top-1 and margin once, so policies read fields, not loops. Entropy costs a
 * logarithm per class, so it is computed on first request only.
 *
 * <p>It is deliberately not a {@link Prediction} itself: policies and callers get {@link #view()},
 * a read-only face that no cast turns back into this writer. Not part of the public API.
 */
public final class MutablePrediction {
  private final float[] scores;
  private int tier;
  private int stage;
  private int stageCount;
  private int top1;
  private float top1Probability;
  private float margin;
  private double normalizedEntropy;
  private int agreeingStages;
  private boolean finite;
  /** The one read-only face, made once so handing it out allocates nothing. */
  private final Prediction view = new View();

  /** A writer for {@code classCount} probabilities. */
  public MutablePrediction(int classCount) {
    if (classCount < 1) {
      throw new IllegalArgumentException("a prediction needs at least one class, got " + classCount);
    }
    this.scores = new float[classCount];
  }

  /** The read-only {@link Prediction} of this writer: live, it shows every later {@link #update}. */
  public Prediction view() {
    return view;
  }

  /** The array to write probabilities into before {@link #update}. */
  public float[] scores() {
    return scores;
  }

  /** Recomputes the derived figures after {@link #scores()} changed. */
  public void update(int tierIndex, int stageIndex, int stages, int agreeing) {
    this.tier = tierIndex;
    this.stage = stageIndex;
    this.stageCount = stages;
    this.agreeingStages = agreeing;
    int best = 0;
    float p1 = Float.NEGATIVE_INFINITY;
    float p2 = Float.NEGATIVE_INFINITY;
    boolean allFinite = true;
    for (int i = 0; i < scores.length; i++) {
      float p = scores[i];
      allFinite &= Float.isFinite(p);
      if (p > p1) {
        p2 = p1;
        p1 = p;
        best = i;
      } else if (p > p2) {
        p2 = p;
      }
    }
    this.finite = allFinite;
    this.top1 = best;
    this.top1Probability = p1;
    this.margin = scores.length == 1 ? 1f : p1 - p2;
    this.normalizedEntropy = Double.NaN;
  }

  /** Whether every score of the last {@link #update} was finite (no NaN, no infinity). */
  public boolean isFinite() {
    return finite;
  }

  /** The most probable class of the last {@link #update}. */
  public int top1() {
    return top1;
  }

  /** Sets {@link Prediction#agreeingStages()}, once {@link #update} has found this stage's top-1. */
  public void setAgreeingStages(int agreeing) {
    this.agreeingStages = agreeing;
  }

  @Override
  public String toString() {
    return view.toString();
  }

  /** Reads the writer's fields, so the pipeline's reused prediction needs no copy per stage. */
  private final class View implements Prediction {
    @Override
    public int tier() {
      return tier;
    }

    @Override
    public int stage() {
      return stage;
    }

    @Override
    public int stageCount() {
      return stageCount;
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
      if (Double.isNaN(normalizedEntropy)) {
        double entropy = 0;
        for (float p : scores) {
          if (p > 0) {
            entropy -= p * Math.log(p);
          }
        }
        normalizedEntropy = scores.length == 1 ? 0 : Math.min(1.0, entropy / Math.log(scores.length));
      }
      return normalizedEntropy;
    }

    @Override
    public int agreeingStages() {
      return agreeingStages;
    }

    @Override
    public String toString() {
      return "Prediction[tier=" + tier + ", stage=" + stage + "/" + stageCount + ", top1=" + top1 + " p="
          + top1Probability + ", margin=" + margin + ", entropy=" + normalizedEntropy() + "]";
    }
  }
}
