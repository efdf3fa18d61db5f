package io.edgeenergy.energy;

/**
 * Hears a budget change state. Runs on the thread that charged the budget: it must be fast, must not
 * block and must not throw (an exception is logged and otherwise ignored).
 */
@FunctionalInterface
public interface BudgetListener {
  void onStateChanged(BudgetStateChanged event);
}
