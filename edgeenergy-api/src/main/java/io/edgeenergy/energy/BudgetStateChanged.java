package io.edgeenergy.energy;

/** A budget moved from one {@link BudgetState} to another at {@code tickerNanos}. */
public record BudgetStateChanged(String budget, long tickerNanos, BudgetState from, BudgetState to,
    double pressure) {}
