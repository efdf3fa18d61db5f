package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;

/** Accept when confident, else escalate. */
record ConfidenceGate(ConfidenceRule rule) implements GatePolicy {
  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    return rule.confident(prediction, budget) ? Decision.ACCEPT : Decision.ESCALATE;
  }

  @Override
  public String toString() {
    return "accept if " + rule;
  }
}
