package io.edgeenergy.energy;

import io.edgeenergy.Energy;
import io.edgeenergy.Ticker;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Joule limits an app sets for its ML feature, and how hard they press.
 *
 * <ul>
 *   <li><b>battery</b>: a capacity spent down by every charge, optionally with a target lifetime;
 *   <li><b>window</b>: a token bucket of {@code perWindow} joules refilled continuously over
 *       {@code window} (exact integer refill: any split of the same time refills the same amount);
 *   <li><b>per inference</b>: a cap on what one inference may be expected to cost.
 * </ul>
 *
 * <p>{@link #pressure()} is the largest of: the window's used fraction; without a target lifetime,
 * the battery's used fraction; with one, how far the projected lifetime falls short of the target
 * time left ({@code 1 - projected/left}, clamped to [0, 1]). Policies read it to save energy as it
 * rises. State: {@link BudgetState#EXHAUSTED} when the battery or the window is empty, else
 * {@link BudgetState#SOFT_LIMIT} when pressure ≥ the soft limit (default 0.8), else HEALTHY.
 *
 * <p>Energy already spent is always charged: a charge never fails and nothing spent disappears.
 * Remaining amounts stop at zero; what was spent past an empty battery is kept as
 * {@link #overdraft()}, and {@link #used()} counts everything charged. Use {@link #tryReserve}/{@link #reserve} to ask before spending. Thread-safe (one device has one
 * battery, so a budget may be shared by pipelines on several threads); listeners run on the thread
 * whose call changed the state.
 */
public final class EnergyBudget implements BudgetView {
  /** The default soft limit: 80% of a limit used. */
  public static final double DEFAULT_SOFT_LIMIT = 0.8;

  // java.util.logging, not System.Logger: Android has no System.Logger at any API level (logcat receives JUL).
  private static final Logger LOG = Logger.getLogger(EnergyBudget.class.getName());

  private final String name;
  private final Ticker ticker;
  private final long batteryNanojoules;
  private final long targetLifetimeNanos;
  private final long windowCapacityNanojoules;
  private final long windowNanos;
  private final long perInferenceCapNanojoules;
  private final double softLimit;
  private final long startNanos;
  private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

  private long batteryUsed;
  private long tokens;
  private long lastRefillNanos;
  private long refillRemainder;
  private BudgetState state = BudgetState.HEALTHY;

  private EnergyBudget(Builder b) {
    this.name = b.name;
    this.ticker = b.ticker;
    this.batteryNanojoules = b.batteryNanojoules;
    this.targetLifetimeNanos = b.targetLifetimeNanos;
    this.windowCapacityNanojoules = b.windowCapacityNanojoules;
    this.windowNanos = b.windowNanos;
    this.perInferenceCapNanojoules = b.perInferenceCapNanojoules;
    this.softLimit = b.softLimit;
    this.startNanos = ticker.read();
    this.lastRefillNanos = startNanos;
    this.tokens = windowCapacityNanojoules;
    if (b.listener != null) {
      listeners.add(b.listener);
    }
  }

  /** A builder; a budget needs at least one limit (battery, window or per-inference cap). */
  public static Builder builder() {
    return new Builder();
  }

  /** The budget's name, for messages and metrics. */
  public String name() {
    return name;
  }

  /**
   * Records energy already spent. Never refused: remaining amounts stop at zero, and energy spent
   * past an empty battery is counted as {@link #overdraft()}.
   */
  public synchronized void charge(long nanojoules) {
    if (nanojoules < 0) {
      throw new IllegalArgumentException("budget '" + name + "': a charge must be >= 0 nJ, was " + nanojoules);
    }
    refill();
    batteryUsed = Math.addExact(batteryUsed, nanojoules);
    tokens = Math.max(0, tokens - nanojoules);
    updateState();
  }

  /** Records {@code energy} already spent (see {@link #charge(long)}). */
  public void charge(Energy energy) {
    charge(energy.nanojoules());
  }

  /**
   * Charges {@code energy} if every limit allows it; otherwise charges nothing.
   *
   * @param energy what the caller is about to spend
   * @return whether it was charged
   */
  public synchronized boolean tryReserve(Energy energy) {
    long nj = energy.nanojoules();
    if (!canAfford(nj)) {
      return false;
    }
    charge(nj);
    return true;
  }

  /**
   * Like {@link #tryReserve} but throws, naming the limit, when a limit refuses.
   *
   * @param energy what the caller is about to spend
   * @throws BudgetExhaustedException a limit refuses it; nothing was charged
   */
  public synchronized void reserve(Energy energy) {
    if (!tryReserve(energy)) {
      throw new BudgetExhaustedException("budget '" + name + "' cannot afford " + energy + ": "
          + refusal(energy.nanojoules()));
    }
  }

  @Override
  public synchronized boolean canAfford(long nanojoules) {
    refill();
    return refusal(nanojoules) == null;
  }

  private String refusal(long nj) {
    if (perInferenceCapNanojoules > 0 && nj > perInferenceCapNanojoules) {
      return "over the per-inference cap of " + Energy.ofNanojoules(perInferenceCapNanojoules);
    }
    if (windowCapacityNanojoules > 0 && nj > tokens) {
      return "only " + Energy.ofNanojoules(tokens) + " left in this window";
    }
    if (batteryNanojoules > 0 && nj > batteryLeft()) {
      return "only " + Energy.ofNanojoules(batteryLeft()) + " left in the battery";
    }
    return null;
  }

  @Override
  public synchronized double pressure() {
    refill();
    return computePressure(ticker.read());
  }

  @Override
  public synchronized BudgetState state() {
    refill();
    updateState();
    return state;
  }

  /** The battery energy left, if a battery was set. */
  public synchronized Optional<Energy> batteryRemaining() {
    return batteryNanojoules == 0 ? Optional.empty() : Optional.of(Energy.ofNanojoules(batteryLeft()));
  }

  /** The energy left in the current window, if a window was set. */
  public synchronized Optional<Energy> windowRemaining() {
    refill();
    return windowCapacityNanojoules == 0 ? Optional.empty() : Optional.of(Energy.ofNanojoules(tokens));
  }

  /** Everything charged since the budget was built, including any {@link #overdraft()}. */
  public synchronized Energy used() {
    return Energy.ofNanojoules(batteryUsed);
  }

  /**
   * Energy charged after the battery was empty (spent anyway: an inference in flight, a tier that
   * cost more than its mean); zero without a battery or while it lasts.
   */
  public synchronized Energy overdraft() {
    return Energy.ofNanojoules(batteryNanojoules == 0 ? 0 : Math.max(0, batteryUsed - batteryNanojoules));
  }

  private long batteryLeft() {
    return Math.max(0, batteryNanojoules - batteryUsed);
  }

  /**
   * How long the battery lasts at the drain rate observed since the budget was built; empty with no
   * battery or before the first charge.
   */
  public synchronized Optional<Duration> projectedLifetime() {
    long elapsed = ticker.read() - startNanos;
    if (batteryNanojoules == 0 || batteryUsed == 0 || elapsed <= 0) {
      return Optional.empty();
    }
    double nanos = (double) batteryLeft() * elapsed / batteryUsed;
    return Optional.of(nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos((long) nanos));
  }

  /** Calls {@code listener} on every state change from now on. */
  public void addListener(BudgetListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener}. */
  public void removeListener(BudgetListener listener) {
    listeners.remove(listener);
  }

  private double computePressure(long now) {
    double p = 0;
    if (windowCapacityNanojoules > 0) {
      p = 1.0 - (double) tokens / windowCapacityNanojoules;
    }
    if (batteryNanojoules > 0) {
      p = Math.max(p, batteryPressure(now));
    }
    return Math.min(1.0, Math.max(0.0, p));
  }

  private double batteryPressure(long now) {
    long remaining = batteryLeft();
    if (remaining == 0) {
      return 1.0;
    }
    if (targetLifetimeNanos == 0) {
      return (double) batteryUsed / batteryNanojoules;
    }
    long elapsed = now - startNanos;
    double left = (double) targetLifetimeNanos - elapsed;
    if (left <= 0 || batteryUsed == 0 || elapsed <= 0) {
      return 0;
    }
    double projected = (double) remaining * elapsed / batteryUsed;
    return 1.0 - projected / left;
  }

  /** Adds floor((elapsed × capacity + carry) / window) tokens, keeping the carry: exact in any split. */
  private void refill() {
    if (windowCapacityNanojoules == 0) {
      return;
    }
    long now = ticker.read();
    long elapsed = now - lastRefillNanos;
    lastRefillNanos = now;
    if (elapsed <= 0) {
      return;
    }
    if (tokens == windowCapacityNanojoules || elapsed >= windowNanos) {
      tokens = windowCapacityNanojoules;
      refillRemainder = 0;
      return;
    }
    long added;
    long remainder;
    if (Math.multiplyHigh(elapsed, windowCapacityNanojoules) == 0
        && elapsed * windowCapacityNanojoules >= 0
        && elapsed * windowCapacityNanojoules <= Long.MAX_VALUE - refillRemainder) {
      long numerator = elapsed * windowCapacityNanojoules + refillRemainder;
      added = numerator / windowNanos;
      remainder = numerator % windowNanos;
    } else {
      BigInteger[] qr = BigInteger.valueOf(elapsed).multiply(BigInteger.valueOf(windowCapacityNanojoules))
          .add(BigInteger.valueOf(refillRemainder)).divideAndRemainder(BigInteger.valueOf(windowNanos));
      added = qr[0].min(BigInteger.valueOf(windowCapacityNanojoules)).longValue();   // <= capacity: fits
      remainder = qr[1].longValue();   // < windowNanos: fits (longValueExact is Android API 31+)
    }
    if (added >= windowCapacityNanojoules - tokens) {
      tokens = windowCapacityNanojoules;
      refillRemainder = 0;
    } else {
      tokens += added;
      refillRemainder = remainder;
    }
  }

  private void updateState() {
    long now = ticker.read();
    BudgetState next;
    if ((batteryNanojoules > 0 && batteryUsed >= batteryNanojoules) || (windowCapacityNanojoules > 0 && tokens == 0)) {
      next = BudgetState.EXHAUSTED;
    } else if (computePressure(now) >= softLimit) {
      next = BudgetState.SOFT_LIMIT;
    } else {
      next = BudgetState.HEALTHY;
    }
    if (next != state) {
      BudgetState previous = state;
      state = next;
      if (!listeners.isEmpty()) {
        BudgetStateChanged event = new BudgetStateChanged(name, now, previous, next, computePressure(now));
        for (BudgetListener l : listeners) {
          try {
            l.onStateChanged(event);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "budget listener " + l + " threw; ignored", e);
          }
        }
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "EnergyBudget[name=" + name
        + ", battery=" + (batteryNanojoules == 0 ? "none" : Energy.ofNanojoules(batteryLeft())
            + " of " + Energy.ofNanojoules(batteryNanojoules)
            + (batteryUsed > batteryNanojoules ? ", overdraft " + Energy.ofNanojoules(batteryUsed - batteryNanojoules) : ""))
        + ", targetLifetime=" + (targetLifetimeNanos == 0 ? "none" : Duration.ofNanos(targetLifetimeNanos))
        + ", window=" + (windowCapacityNanojoules == 0 ? "none" : Energy.ofNanojoules(tokens) + " of "
            + Energy.ofNanojoules(windowCapacityNanojoules) + " per " + Duration.ofNanos(windowNanos))
        + ", perInferenceCap=" + (perInferenceCapNanojoules == 0 ? "none" : Energy.ofNanojoules(perInferenceCapNanojoules))
        + ", softLimit=" + softLimit + ", state=" + state + "]";
  }

  /** Builder for {@link EnergyBudget}; at least one limit is required. */
  public static final class Builder {
    private String name = "budget";
    private Ticker ticker = Ticker.system();
    private long batteryNanojoules;
    private long targetLifetimeNanos;
    private long windowCapacityNanojoules;
    private long windowNanos;
    private long perInferenceCapNanojoules;
    private double softLimit = DEFAULT_SOFT_LIMIT;
    private BudgetListener listener;

    private Builder() {}

    /** Names the budget in messages and metrics. */
    public Builder name(String budgetName) {
      this.name = Objects.requireNonNull(budgetName, "name");
      return this;
    }

    /** The time source; tests pass a fake one. */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    /** A battery (or share of one) of {@code capacity}. */
    public Builder battery(Energy capacity) {
      requirePositive(capacity, "battery capacity");
      this.batteryNanojoules = capacity.nanojoules();
      return this;
    }

    /** A battery that should last at least {@code targetLifetime}; pressure rises when it won't. */
    public Builder battery(Energy capacity, Duration targetLifetime) {
      battery(capacity);
      if (targetLifetime.isNegative() || targetLifetime.isZero()) {
        throw new IllegalArgumentException("target lifetime must be > 0, was " + targetLifetime);
      }
      this.targetLifetimeNanos = targetLifetime.toNanos();
      return this;
    }

    /** At most {@code perWindow} per {@code window}, as a continuously refilled token bucket. */
    public Builder window(Energy perWindow, Duration window) {
      requirePositive(perWindow, "energy per window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be > 0, was " + window);
      }
      this.windowCapacityNanojoules = perWindow.nanojoules();
      this.windowNanos = window.toNanos();
      return this;
    }

    /** No inference expected to cost more than {@code cap} may start. */
    public Builder perInferenceCap(Energy cap) {
      requirePositive(cap, "per-inference cap");
      this.perInferenceCapNanojoules = cap.nanojoules();
      return this;
    }

    /** Pressure at which the state becomes {@link BudgetState#SOFT_LIMIT}, in (0, 1]. */
    public Builder softLimit(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("softLimit must be in (0, 1], was " + fraction);
      }
      this.softLimit = fraction;
      return this;
    }

    /** Adds a listener for state changes. */
    public Builder listener(BudgetListener budgetListener) {
      this.listener = Objects.requireNonNull(budgetListener, "listener");
      return this;
    }

    /** The budget, all limits full. */
    public EnergyBudget build() {
      if (batteryNanojoules == 0 && windowCapacityNanojoules == 0 && perInferenceCapNanojoules == 0) {
        throw new IllegalStateException("budget '" + name + "' needs at least one limit: battery, window or perInferenceCap");
      }
      return new EnergyBudget(this);
    }

    private static void requirePositive(Energy e, String what) {
      if (Objects.requireNonNull(e, what).isZero()) {
        throw new IllegalArgumentException(what + " must be > 0 J, was " + e);
      }
    }
  }
}
