package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;

/**
 * "Confident enough": {@code measure >= threshold}, where the threshold slides linearly from
 * {@code calm} at budget pressure 0 to {@code pressed} at pressure 1. Shared by gates and exits.
 */
record ConfidenceRule(Confidence measure, double calm, double pressed) {
  ConfidenceRule {
    Confidence.checkThreshold("threshold at no pressure", calm);
    Confidence.checkThreshold("threshold at full pressure", pressed);
  }

  /** A fixed threshold on {@code measure}, the same under any budget pressure. */
  static ConfidenceRule fixed(Confidence measure, double threshold) {
    return new ConfidenceRule(measure, threshold, threshold);
  }

  /** "The normalized entropy is at most {@code max}", as a rule on {@link Confidence#INVERSE_ENTROPY}. */
  static ConfidenceRule entropyAtMost(double max) {
    return fixed(Confidence.INVERSE_ENTROPY, 1.0 - Confidence.checkThreshold("maxNormalizedEntropy", max));
  }

  boolean confident(Prediction p, BudgetView budget) {
    double threshold = calm == pressed ? calm : calm + (pressed - calm) * budget.pressure();
    // scores are floats: compare in float so maxProbability(0.9) accepts a prediction of 0.9f
    return (float) measure.of(p) >= (float) threshold;
  }

  @Override
  public String toString() {
    return calm == pressed ? measure + " >= " + calm
        : measure + " >= " + calm + " (sliding to " + pressed + " under budget pressure)";
  }
}
