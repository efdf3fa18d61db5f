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
