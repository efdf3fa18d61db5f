package io.edgeenergy.thermal;

import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetView;
import java.util.Objects;

/**
 * Thermal headroom turned into the same 0..1 pressure that {@link BudgetView#pressure()} gives, so
 * every budget-aware policy (gates, early exits) also backs off when the device runs hot: pressure is
 * 0 up to headroom {@code onset}, rises linearly to 1 at headroom 1.0 (throttling) and stays 1 above
 * it; unknown headroom ({@code NaN}) is no pressure.
 */
public final class ThermalPressure {
  /** Headroom at which thermal pressure starts to rise; Android's guidance is to act well before 1.0. */
  public static final double DEFAULT_ONSET = 0.8;

  private ThermalPressure() {}

  /** The pressure for {@code headroom}; see the class comment. */
  public static double of(double headroom, double onset) {
    if (!(headroom > onset)) {   // also NaN
      return 0;
    }
    return headroom >= 1.0 ? 1.0 : (headroom - onset) / (1.0 - onset);
  }

  /**
   * A view of {@code budget} whose pressure is {@code max(budget pressure, thermal pressure)}; what it
   * can afford and its state stay the budget's. Allocation-free per call.
   */
  public static BudgetView combine(BudgetView budget, ThermalHeadroom thermal, double onset) {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(thermal, "thermal");
    if (!(onset >= 0 && onset < 1)) {
      throw new IllegalArgumentException("onset must be in [0, 1) (a headroom below throttling), was " + onset);
    }
    return new BudgetView() {
      @Override
      public double pressure() {
        return Math.max(budget.pressure(), of(thermal.headroom(), onset));
      }

      @Override
      public boolean canAfford(long nanojoules) {
        return budget.canAfford(nanojoules);
      }

      @Override
      public BudgetState state() {
        return budget.state();
      }

      @Override
      public String toString() {
        return budget + " under thermal pressure from " + thermal + " (onset " + onset + ")";
      }
    };
  }
}
