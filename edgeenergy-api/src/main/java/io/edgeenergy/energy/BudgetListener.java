package io.edgeenergy.energy;

/**
 * Hears a budget change state. Runs on the thread that charged the budget: it must be fast, must not
 * block and must not throw (an exception is logged and otherwise ignored).
 */
@FunctionalInterface
public interface BudgetListener {
  /** Called after the budget moved to another {@link BudgetState}, on the thread that charged it. */
  void onStateChanged(BudgetStateChanged event);
}
