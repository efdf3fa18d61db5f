package io.edgeenergy.policy;

import java.util.Arrays;

/**
 * Picks a confidence threshold from a validation set so that the expected cost is lowest while the
 * accuracy stays at or above a target ("budgeted batch" classification, Huang et al., MSDNet).
 *
 * <p>The model of a cascade or a multi-exit model is the same: stages run in order, stage {@code s}
 * costs {@code stageCost[s]}, and a sample stops at the first stage whose confidence reaches the
 * threshold (or at the last stage). Give, per validation sample and stage, the confidence and
 * whether that stage's answer is correct; compute both with the real models, never on the test set.
 */
public final class ThresholdCalibration {
  private ThresholdCalibration() {}

  /**
   * The chosen threshold and what it gives on the validation set.
   *
   * @param threshold the calibrated threshold
   * @param accuracy validation accuracy at that threshold
   * @param expectedCost mean cost per sample, in the unit of the stage costs
   * @param stopFractions fraction of samples stopping at each stage
   * @param metTarget false when no candidate reached the target: then the most accurate one is returned
   */
  public record Result(double threshold, double accuracy, double expectedCost, double[] stopFractions,
      boolean metTarget) {
    @Override
    public String toString() {
      return "threshold " + threshold + ": accuracy " + accuracy + ", expected cost " + expectedCost
          + ", stops " + Arrays.toString(stopFractions) + (metTarget ? "" : " (target accuracy not reached)");
    }
  }

  /** Candidate thresholds 0.50, 0.51, ... 0.99, then 0.995 and 0.999. */
  public static double[] defaultCandidates() {
    double[] c = new double[52];
    for (int i = 0; i < 50; i++) {
      c[i] = 0.50 + i / 100.0;
    }
    c[50] = 0.995;
    c[51] = 0.999;
    return c;
  }

  /**
   * @param confidence {@code [sample][stage]} confidence in [0, 1]
   * @param correct {@code [sample][stage]} whether the stage's top-1 is right
   * @param stageCost cost of running each stage (e.g. mean joules), all >= 0
   * @param minAccuracy the accuracy to keep, in [0, 1]
   * @param candidates thresholds to try
   */
  public static Result calibrate(double[][] confidence, boolean[][] correct, double[] stageCost,
      double minAccuracy, double[] candidates) {
    int n = confidence.length;
    int stages = stageCost.length;
    if (n == 0 || correct.length != n) {
      throw new IllegalArgumentException("need the same, non-zero number of samples for confidence (" + n
          + ") and correctness (" + correct.length + ")");
    }
    for (double c : stageCost) {
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException("stage costs must be finite and >= 0, got " + Arrays.toString(stageCost));
      }
    }
    if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new IllegalArgumentException("minAccuracy must be in [0, 1], was " + minAccuracy);
    }
    if (candidates.length == 0) {
      throw new IllegalArgumentException("need at least one candidate threshold");
    }
    Result best = null;
    Result mostAccurate = null;
    for (double t : candidates) {
      Result r = evaluate(confidence, correct, stageCost, t, stages, minAccuracy);
      if (r.metTarget() && (best == null || r.expectedCost() < best.expectedCost())) {
        best = r;
      }
      if (mostAccurate == null || r.accuracy() > mostAccurate.accuracy()) {
        mostAccurate = r;
      }
    }
    return best != null ? best : mostAccurate;
  }

  private static Result evaluate(double[][] confidence, boolean[][] correct, double[] stageCost, double t,
      int stages, double minAccuracy) {
    int n = confidence.length;
    double cost = 0;
    int right = 0;
    double[] stops = new double[stages];
    for (int i = 0; i < n; i++) {
      if (confidence[i].length != stages || correct[i].length != stages) {
        throw new IllegalArgumentException("sample " + i + " has " + confidence[i].length + " confidences and "
            + correct[i].length + " answers for " + stages + " stages");
      }
      int s = 0;
      cost += stageCost[0];
      // compared in float, as the policies compare float scores at run time
      while (s < stages - 1 && (float) confidence[i][s] < (float) t) {
        s++;
        cost += stageCost[s];
      }
      stops[s]++;
      if (correct[i][s]) {
        right++;
      }
    }
    for (int s = 0; s < stages; s++) {
      stops[s] /= n;
    }
    double accuracy = (double) right / n;
    return new Result(t, accuracy, cost / n, stops, accuracy >= minAccuracy);
  }
}
