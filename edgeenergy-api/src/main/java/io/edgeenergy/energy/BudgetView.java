package io.edgeenergy.energy;

/**
 * What policies may read of a budget: allocation-free, never throws. {@link #UNLIMITED} stands in when
 * a pipeline has no budget.
 */
public interface BudgetView {
  /** How hard to save energy, from 0 (no pressure) to 1 (exhausted or far behind target). */
  double pressure();

  /** Whether spending {@code nanojoules} now would stay within every limit. */
  boolean canAfford(long nanojoules);

  /** The budget's state now: healthy, soft limit reached, or empty. */
  BudgetState state();

  /** No limits: pressure 0, everything affordable. */
  BudgetView UNLIMITED = new BudgetView() {
    @Override
    public double pressure() {
      return 0;
    }

    @Override
    public boolean canAfford(long nanojoules) {
      return true;
    }

    @Override
    public BudgetState state() {
      return BudgetState.HEALTHY;
    }

    @Override
    public String toString() {
      return "BudgetView.UNLIMITED";
    }
  };
}
