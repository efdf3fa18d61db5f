package io.edgeenergy.policy;

import io.edgeenergy.Ticker;
import io.edgeenergy.energy.BudgetView;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * An early-exit policy that walks a calibrated {@link ExitCurve} as the budget tightens: it runs the
 * policy of one operating point (a threshold of the curve) and, when {@link BudgetView#pressure()}
 * rises, moves to the most accurate point the remaining energy allows; when the pressure is gone it
 * climbs back, one point at a time. Build it with {@link EarlyExitPolicy#following} or {@link #builder}.
 *
 * <p><b>The plan.</b> Only the curve's {@linkplain ExitCurve#paretoFront() Pareto front} is used.
 * Every {@code replanEvery} inferences (default {@value #DEFAULT_REPLAN_EVERY}) it reads the pressure
 * {@code p} of the view it is given (a pipeline built with {@code thermal(headroom)} passes the larger
 * of the budget's and the thermal pressure, so falling thermal headroom moves it too) and:
 * <ul>
 *   <li>{@code p > 0}: with a battery and target lifetime, {@code p = 1 - projected/left}, so the
 *       drain that still meets the target is {@code (1 - p)} × the mean drain so far. The mean joules
 *       per inference so far (from the curve's figures for the points it ran) times {@code 1 - p} is
 *       the target; if the current point costs more, it moves down to the most accurate point within
 *       the target (several points at once if needed), else it holds;
 *   <li>{@code p == 0} (on track): one point up, towards accuracy, if the budget {@linkplain
 *       BudgetView#canAfford can afford} {@value #CLIMB_RESERVE_DWELLS} dwells there ({@code max(minDwell,
 *       replanEvery)} inferences each, at the curve's joules: so calibrate the curve on the meter that
 *       charges the budget). Near an empty battery this stops a climb whose overspending the time
 *       left could not pay back, which would end the day early.
 * </ul>
 * Between two sustainable points it therefore alternates, no faster than the dwell allows, which
 * time-shares them to the drain the target permits. A higher pressure never picks a more expensive
 * point than a lower one would from the same state.
 *
 * <p><b>Rate limit (hysteresis).</b> The operating point changes at most once per {@code minDwell}
 * inferences (default {@value #DEFAULT_MIN_DWELL}) and, with {@link Builder#minDwell(Duration, Ticker)},
 * also at most once per that duration; the start counts as a change. It is only ever a point of the front.
 *
 * <p><b>Cost.</b> An inference is counted at its stage-0 decision. {@link #decide} is allocation-free:
 * a counter, every {@code replanEvery} inferences a re-plan (a pressure read and a walk of the front), then
 * the current point's policy, built once per point up front.
 *
 * <p><b>Threads.</b> Like the pipeline that calls it, {@link #decide} is confined to one thread at a
 * time (share it between pipelines only if they run on one thread). {@link #operatingPoint()} and
 * {@link #switches()} may be read from any thread; the counts, on the deciding thread or after it stopped.
 */
public final class BudgetFollowingExit implements EarlyExitPolicy {
  /** Default inferences between two re-plans. */
  public static final int DEFAULT_REPLAN_EVERY = 32;
  /** Default minimum inferences between two changes of operating point. */
  public static final int DEFAULT_MIN_DWELL = 256;
  /**
   * A climb needs the budget to afford this many dwells at the point above: a climb that overspends
   * can only be paid back by the time left, so it is not tried when little is left.
   */
  public static final int CLIMB_RESERVE_DWELLS = 4;

  private final ExitCurve front;
  private final double[] joules;
  private final long[] climbNanojoules;
  private final EarlyExitPolicy[] policies;
  private final int replanEvery;
  private final long minDwell;
  private final long minDwellNanos;
  private final Ticker ticker;
  private final long[] inferencesAt;

  private volatile int current;
  private long inferences;   // plain: written per inference, so no fence on the hot path
  private volatile long switches;
  private int untilReplan;
  private long lastSwitchInference;
  private long lastSwitchNanos;
  private double spentJoules;   // sum of the curve's joules of the points each inference ran at

  private BudgetFollowingExit(Builder b) {
    this.front = b.curve.paretoFront();
    int n = front.size();
    this.joules = new double[n];
    this.policies = new EarlyExitPolicy[n];
    for (int i = 0; i < n; i++) {
      double t = front.point(i).threshold();
      joules[i] = front.point(i).joulesPerInference();
      policies[i] = Objects.requireNonNull(b.policyAt.apply(t),
          () -> "policyAt(" + t + ") returned null for curve '" + front.policy() + "'");
    }
    this.inferencesAt = new long[n];
    this.replanEvery = b.replanEvery;
    this.untilReplan = b.replanEvery;
    this.minDwell = b.minDwell;
    this.climbNanojoules = new long[n];
    long dwellInferences = Math.max(b.minDwell, b.replanEvery);
    for (int i = 0; i < n; i++) {
      double nj = joules[i] * 1e9 * dwellInferences * CLIMB_RESERVE_DWELLS;
      climbNanojoules[i] = nj >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(nj);
    }
    this.minDwellNanos = b.minDwellNanos;
    this.ticker = b.ticker;
    this.current = b.startCheapest ? 0 : n - 1;
    this.lastSwitchNanos = ticker == null ? 0 : ticker.read();
  }

  /**
   * A builder of a policy following {@code curve}.
   *
   * @param curve the calibrated curve of one policy family
   * @param policyAt the family's policy at a threshold of the curve, e.g. {@code EarlyExitPolicy::maxProbability}
   * @return the builder
   */
  public static Builder builder(ExitCurve curve, DoubleFunction<EarlyExitPolicy> policyAt) {
    return new Builder(curve, policyAt);
  }

  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    if (prediction.stage() == 0) {
      long n = inferences + 1;
      inferences = n;
      int at = current;
      inferencesAt[at]++;
      spentJoules += joules[at];
      if (--untilReplan == 0) {   // a countdown, not n % replanEvery: no division per inference
        untilReplan = replanEvery;
        replan(budget, n);
      }
    }
    return policies[current].decide(prediction, budget);
  }

  private void replan(BudgetView budget, long n) {
    if (n - lastSwitchInference < minDwell) {
      return;   // no switch allowed yet: skip the budget's pressure (its lock, its refill) altogether
    }
    int at = current;
    int next = plan(joules, at, budget.pressure(), spentJoules / n);
    if (next == at) {
      return;
    }
    if (next > at && !budget.canAfford(climbNanojoules[next])) {
      return;   // near an empty battery: an overspending climb could not be paid back before the target
    }
    long now = 0;
    if (ticker != null) {
      now = ticker.read();
      if (now - lastSwitchNanos < minDwellNanos) {
        return;
      }
    }
    current = next;
    switches++;
    lastSwitchInference = n;
    lastSwitchNanos = now;
  }

  /**
   * The point to run next: one up at no pressure; under pressure, the most accurate point within
   * {@code meanJoules × (1 - pressure)} if the current one costs more, else the current one.
   * Non-increasing in {@code pressure} (1 or more, or NaN, means the cheapest point).
   */
  static int plan(double[] joules, int current, double pressure, double meanJoules) {
    if (!(pressure < 1)) {   // full pressure, beyond, or NaN: the cheapest point
      return 0;
    }
    if (pressure <= 0) {
      return Math.min(current + 1, joules.length - 1);
    }
    double target = meanJoules * (1 - pressure);
    if (joules[current] <= target) {
      return current;
    }
    int best = 0;
    while (best + 1 < current && joules[best + 1] <= target) {
      best++;
    }
    return best;
  }

  /** The operating point in use now, a point of the curve's Pareto front. */
  public ExitCurve.Point operatingPoint() {
    return front.point(current);
  }

  /** The Pareto front of the curve this policy walks (its operating points, cheapest first). */
  public ExitCurve front() {
    return front;
  }

  /** How many times the operating point changed. */
  public long switches() {
    return switches;
  }

  /** Inferences decided so far (counted at stage 0). */
  public long inferences() {
    return inferences;
  }

  /**
   * How many inferences ran at each point of the {@link #front()}, cheapest first (a copy).
   *
   * @return one count per front point
   */
  public long[] inferencesPerPoint() {
    return inferencesAt.clone();
  }

  @Override
  public String toString() {
    return "exit following the budget along " + front.policy() + " (" + front.size() + " points, now at threshold "
        + front.point(current).threshold() + ")";
  }

  /** Options of a {@link BudgetFollowingExit}; every setter validates and names the allowed range. */
  public static final class Builder {
    private final ExitCurve curve;
    private final DoubleFunction<EarlyExitPolicy> policyAt;
    private int replanEvery = DEFAULT_REPLAN_EVERY;
    private long minDwell = DEFAULT_MIN_DWELL;
    private long minDwellNanos;
    private Ticker ticker;
    private boolean startCheapest;

    private Builder(ExitCurve curve, DoubleFunction<EarlyExitPolicy> policyAt) {
      this.curve = Objects.requireNonNull(curve, "curve");
      this.policyAt = Objects.requireNonNull(policyAt, "policyAt");
    }

    /**
     * Re-plans every {@code inferences} inferences.
     *
     * @param inferences at least 1
     * @return this builder
     */
    public Builder replanEvery(int inferences) {
      if (inferences < 1) {
        throw new IllegalArgumentException("replanEvery must be >= 1 inference, was " + inferences);
      }
      this.replanEvery = inferences;
      return this;
    }

    /**
     * Changes the operating point at most once per {@code inferences} inferences.
     *
     * @param inferences at least 0 (0: at every re-plan)
     * @return this builder
     */
    public Builder minDwell(long inferences) {
      if (inferences < 0) {
        throw new IllegalArgumentException("minDwell must be >= 0 inferences, was " + inferences);
      }
      this.minDwell = inferences;
      return this;
    }

    /**
     * Also changes the operating point at most once per {@code dwell} on {@code clock} (read only at re-plans).
     *
     * @param dwell at least zero
     * @param clock the time source (a fake one in tests and replays)
     * @return this builder
     */
    public Builder minDwell(Duration dwell, Ticker clock) {
      if (dwell.isNegative()) {
        throw new IllegalArgumentException("minDwell must be >= 0, was " + dwell);
      }
      this.minDwellNanos = dwell.toNanos();
      this.ticker = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts at the cheapest point instead of the most accurate (the default).
     *
     * @return this builder
     */
    public Builder startCheapest() {
      this.startCheapest = true;
      return this;
    }

    /**
     * The policy.
     *
     * @return a new policy, at its start point
     */
    public BudgetFollowingExit build() {
      return new BudgetFollowingExit(this);
    }
  }
}
