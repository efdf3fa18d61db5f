package io.edgeenergy.energy;

import io.edgeenergy.EdgeEnergyException;

/** A charge or reservation would exceed a budget limit. */
public class BudgetExhaustedException extends EdgeEnergyException {
  /** An exception naming the budget and the limit that refused. */
  public BudgetExhaustedException(String message) {
    super(message);
  }
}
