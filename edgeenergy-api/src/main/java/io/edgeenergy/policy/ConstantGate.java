package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;

/** Gates with a fixed answer. */
enum ConstantGate implements GatePolicy {
  ACCEPT(Decision.ACCEPT),
  ESCALATE(Decision.ESCALATE);

  private final Decision decision;

  ConstantGate(Decision decision) {
    this.decision = decision;
  }

  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    return decision;
  }

  @Override
  public String toString() {
    return "always " + decision;
  }
}
