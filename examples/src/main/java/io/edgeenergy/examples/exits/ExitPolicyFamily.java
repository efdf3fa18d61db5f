package io.edgeenergy.examples.exits;

import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * One family of exit policies with one knob, swept by {@link ExitSweep}: the SDK's own
 * {@link EarlyExitPolicy} built for each value of the knob, and the budget it sees.
 *
 * @param name the family's name in tables and JSON
 * @param knob what the swept value means
 * @param values the values swept, each in [0, 1]
 * @param policy the policy at one value
 * @param budget the budget the policy sees at one value ({@link BudgetView#UNLIMITED} unless the
 *     knob is the budget pressure)
 */
public record ExitPolicyFamily(String name, String knob, double[] values, DoubleFunction<EarlyExitPolicy> policy,
    DoubleFunction<BudgetView> budget) {
  /** Steps of the threshold grids: 0, 1/400, ... 1, then 0.999 and 0.9999 for very confident exits. */
  static final int GRID_STEPS = 400;

  /** Checks the values: non-empty, each finite and in [0, 1]. */
  public ExitPolicyFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(knob, "knob");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(budget, "budget");
    values = values.clone();
    if (values.length == 0) {
      throw new IllegalArgumentException("policy family '" + name + "' needs at least one value to sweep");
    }
    for (double v : values) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("policy family '" + name + "': value " + v + " is not in [0, 1]");
      }
    }
  }

  /** A copy of the swept values. */
  @Override
  public double[] values() {
    return values.clone();
  }

  /** Exit when the top-1 probability reaches the threshold. */
  public static ExitPolicyFamily maxProbability() {
    return new ExitPolicyFamily("max-probability", "min top-1 probability", grid(), EarlyExitPolicy::maxProbability,
        t -> BudgetView.UNLIMITED);
  }

  /** Exit when the normalized entropy is at most the threshold (BranchyNet). */
  public static ExitPolicyFamily entropy() {
    return new ExitPolicyFamily("entropy", "max normalized entropy", grid(), EarlyExitPolicy::entropy,
        t -> BudgetView.UNLIMITED);
  }

  /** Exit when top-1 minus top-2 probability reaches the threshold. */
  public static ExitPolicyFamily margin() {
    return new ExitPolicyFamily("margin", "min top-1 - top-2", grid(), EarlyExitPolicy::margin,
        t -> BudgetView.UNLIMITED);
  }

  /**
   * Exit once {@code k} consecutive exits agree on the top-1 class (PABEE) and the top-1 probability
   * reaches the threshold; threshold 0 is plain patience.
   */
  public static ExitPolicyFamily patience(int k) {
    EarlyExitPolicy agree = EarlyExitPolicy.patience(k).orElse(EarlyExitPolicy.never());
    // anyOf: continue if either asks to continue, so both must say "exit"
    return new ExitPolicyFamily("patience k=" + k, "min top-1 probability once " + k + " exits agree", grid(),
        t -> EarlyExitPolicy.anyOf(agree, EarlyExitPolicy.maxProbability(t)), t -> BudgetView.UNLIMITED);
  }

  /**
   * Exit at the first exit whose top-1 probability reaches the threshold, or once {@code k}
   * consecutive exits agree, whichever comes first: a confident input leaves at exit 1 without waiting
   * for a second opinion, an unsure one pays for patience. Threshold 1 is plain patience.
   */
  public static ExitPolicyFamily confidentOrPatience(int k) {
    // allOf: any EXIT exits; patience abstains until k agree, so max-probability alone decides before
    return new ExitPolicyFamily("max-prob. or patience k=" + k, "min top-1 probability (else " + k
        + " agreeing exits)", grid(), t -> EarlyExitPolicy.allOf(EarlyExitPolicy.maxProbability(t),
        EarlyExitPolicy.patience(k)), t -> BudgetView.UNLIMITED);
  }

  /**
   * The budget-aware form {@link EarlyExitPolicy#confident}: the threshold slides from {@code calm}
   * at no budget pressure to {@code pressed} at full pressure; the swept value is the pressure.
   */
  public static ExitPolicyFamily budgetAware(Confidence measure, double calm, double pressed) {
    double[] pressures = new double[21];
    for (int i = 0; i < pressures.length; i++) {
      pressures[i] = i / 20.0;
    }
    EarlyExitPolicy policy = EarlyExitPolicy.confident(measure, calm, pressed);
    return new ExitPolicyFamily("budget-aware " + measure.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        "budget pressure (threshold " + calm + " -> " + pressed + ")", pressures, p -> policy, ExitPolicyFamily::pressure);
  }

  /** A budget view of fixed pressure, as a draining battery would show it. */
  static BudgetView pressure(double p) {
    return new BudgetView() {
      @Override
      public double pressure() {
        return p;
      }

      @Override
      public boolean canAfford(long nanojoules) {
        return true;
      }

      @Override
      public BudgetState state() {
        return BudgetState.HEALTHY;
      }
    };
  }

  static double[] grid() {
    double[] g = new double[GRID_STEPS + 3];
    for (int i = 0; i <= GRID_STEPS; i++) {
      g[i] = (double) i / GRID_STEPS;
    }
    g[GRID_STEPS + 1] = 0.999;
    g[GRID_STEPS + 2] = 0.9999;
    java.util.Arrays.sort(g);
    return g;
  }
}
