package io.edgeenergy.energy;

/** Coarse budget health, for listeners and logs. */
public enum BudgetState {
  /** Pressure below the soft limit. */
  HEALTHY,
  /** Pressure at or above the soft limit: policies should save energy. */
  SOFT_LIMIT,
  /** The battery is empty or the window's allowance is used up. */
  EXHAUSTED
}
