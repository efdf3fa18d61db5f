package io.edgeenergy.energy;

import io.edgeenergy.EdgeEnergyException;

/** A charge or reservation would exceed a budget limit. */
public class BudgetExhaustedException extends EdgeEnergyException {
  public BudgetExhaustedException(String message) {
    super(message);
  }
}
