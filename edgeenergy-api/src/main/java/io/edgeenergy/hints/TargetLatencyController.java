package io.edgeenergy.hints;

import io.edgeenergy.Energy;
import io.edgeenergy.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks the lowest {@link HintLevel} that still meets a target latency, like Android's ADPF
 * ({@code PerformanceHintManager}: a target work duration plus reported actual durations): report
 * each run's latency with {@link #record}, run the next one at {@link #level()}.
 *
 * <ul>
 *   <li><b>Down</b> one level after {@code stepDownAfter} consecutive runs faster than
 *       {@code target × margin} (the margin keeps a run that only just made it from stepping down).
 *   <li><b>Up</b> one level after {@code stepUpAfterMisses} consecutive misses (slower than the target).
 *   <li><b>No oscillation:</b> a level that missed is not tried again for a back-off that starts at
 *       {@code 4 × stepDownAfter} runs and doubles each time it misses again (up to
 *       {@value #MAX_BACKOFF_RUNS} runs); once it meets the target {@code stepDownAfter} times in a
 *       row its back-off is forgotten. Under steady conditions the controller therefore settles on the
 *       lowest level meeting the target and re-probes the level below exponentially rarely, so it
 *       follows a device that cools down or a workload that gets lighter.
 * </ul>
 *
 * <p>Per level it accounts runs, misses, latency and energy ({@link #stats}), so the energy cost of
 * each level is visible. Confined to one thread (a pipeline's); allocation-free per {@link #record}.
 */
public final class TargetLatencyController {
  /** Latency below this fraction of the target counts as comfortably met. */
  public static final double DEFAULT_MARGIN = 0.8;
  /** Comfortable runs in a row before trying the level below. */
  public static final int DEFAULT_STEP_DOWN_AFTER = 8;
  /** Misses before stepping up a level. */
  public static final int DEFAULT_STEP_UP_AFTER_MISSES = 1;
  /** The longest back-off, in runs, before a level that missed is probed again. */
  public static final int MAX_BACKOFF_RUNS = 1 << 20;

  private static final HintLevel[] LEVELS = HintLevel.values();

  private final long targetNanos;
  private final long comfortableNanos;
  private final int stepDownAfter;
  private final int stepUpAfterMisses;
  private final HintLevel lowest;
  private final HintLevel highest;
  private final Ticker ticker;
  private final long[] runs = new long[LEVELS.length];
  private final long[] misses = new long[LEVELS.length];
  private final long[] latencyNanos = new long[LEVELS.length];
  private final long[] nanojoules = new long[LEVELS.length];
  private final long[] backoff = new long[LEVELS.length];
  private final long[] blockedUntil = new long[LEVELS.length];
  private HintLevel level;
  private long run;
  private int fastStreak;
  private int missStreak;
  private long changes;

  private TargetLatencyController(Builder b) {
    this.targetNanos = b.target.toNanos();
    this.comfortableNanos = (long) (targetNanos * b.margin);
    this.stepDownAfter = b.stepDownAfter;
    this.stepUpAfterMisses = b.stepUpAfterMisses;
    this.lowest = b.lowest;
    this.highest = b.highest;
    this.ticker = b.ticker;
    this.level = b.start;
  }

  /** A controller aiming at {@code target} per run. */
  public static Builder builder(Duration target) {
    return new Builder(target);
  }

  /** The level to run the next piece of work at. */
  public HintLevel level() {
    return level;
  }

  /** The latency target. */
  public Duration target() {
    return Duration.ofNanos(targetNanos);
  }

  /** Reports a run made at {@link #level()} and moves the level for the next one. */
  public void record(long runLatencyNanos, long runNanojoules) {
    if (runLatencyNanos < 0 || runNanojoules < 0) {
      throw new IllegalArgumentException("a run's latency and energy must be >= 0, was " + runLatencyNanos + " ns, "
          + runNanojoules + " nJ");
    }
    int at = level.ordinal();
    run++;
    runs[at]++;
    latencyNanos[at] += runLatencyNanos;
    nanojoules[at] += runNanojoules;
    if (runLatencyNanos > targetNanos) {
      misses[at]++;
      fastStreak = 0;
      if (++missStreak >= stepUpAfterMisses && level != highest) {
        backoff[at] = backoff[at] == 0 ? 4L * stepDownAfter : Math.min(2 * backoff[at], MAX_BACKOFF_RUNS);
        blockedUntil[at] = run + backoff[at];
        move(level.up());
      }
      return;
    }
    missStreak = 0;
    fastStreak = runLatencyNanos <= comfortableNanos ? fastStreak + 1 : 0;
    if (fastStreak >= stepDownAfter) {
      backoff[at] = 0;   // this level proved itself: a later miss starts a fresh back-off
      if (level != lowest && run >= blockedUntil[at - 1]) {
        move(level.down());
      }
    }
  }

  /** Like {@link #record(long, long)}, with the latency measured on the ticker since {@code startTick}. */
  public void recordSince(long startTick, long runNanojoules) {
    record(ticker.read() - startTick, runNanojoules);
  }

  /** The ticker {@link #recordSince} measures with. */
  public Ticker ticker() {
    return ticker;
  }

  /** How many times the level changed. */
  public long levelChanges() {
    return changes;
  }

  /** What the runs at {@code at} cost and how often they missed. */
  public LevelStats stats(HintLevel at) {
    int i = at.ordinal();
    return new LevelStats(at, runs[i], misses[i], latencyNanos[i], Energy.ofNanojoules(nanojoules[i]));
  }

  /** {@link #stats} of every level that ran, lowest first. */
  public List<LevelStats> stats() {
    List<LevelStats> out = new ArrayList<>();
    for (HintLevel l : LEVELS) {
      if (runs[l.ordinal()] > 0) {
        out.add(stats(l));
      }
    }
    return out;
  }

  private void move(HintLevel next) {
    level = next;
    fastStreak = 0;
    missStreak = 0;
    changes++;
  }

  @Override
  public String toString() {
    return "TargetLatencyController[target " + Duration.ofNanos(targetNanos) + ", at " + level + " in ["
        + lowest + ", " + highest + "], down after " + stepDownAfter + " runs under " + Duration.ofNanos(comfortableNanos)
        + ", up after " + stepUpAfterMisses + " miss(es)]";
  }

  /**
   * One level's account.
   *
   * @param runs runs made at this level
   * @param misses runs slower than the target
   * @param latencyNanos their total latency
   * @param energy their total energy
   */
  public record LevelStats(HintLevel level, long runs, long misses, long latencyNanos, Energy energy) {
    /** Mean latency of all runs recorded so far. */
    public Duration meanLatency() {
      return runs == 0 ? Duration.ZERO : Duration.ofNanos(latencyNanos / runs);
    }

    /** Energy per run (joules per inference of the tier) at this level. */
    public Energy meanEnergy() {
      return runs == 0 ? Energy.ZERO : energy.dividedBy(runs);
    }
  }

  /** Builder for {@link TargetLatencyController}. */
  public static final class Builder {
    private final Duration target;
    private double margin = DEFAULT_MARGIN;
    private int stepDownAfter = DEFAULT_STEP_DOWN_AFTER;
    private int stepUpAfterMisses = DEFAULT_STEP_UP_AFTER_MISSES;
    private HintLevel lowest = HintLevel.LOW;
    private HintLevel highest = HintLevel.BURST;
    private HintLevel start;
    private Ticker ticker = Ticker.system();

    private Builder(Duration target) {
      Objects.requireNonNull(target, "target");
      if (target.isNegative() || target.isZero()) {
        throw new IllegalArgumentException("target latency must be > 0, was " + target);
      }
      this.target = target;
    }

    /** Step down only after runs faster than {@code target × margin}; in (0, 1], default {@value #DEFAULT_MARGIN}. */
    public Builder margin(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("margin must be in (0, 1], was " + fraction);
      }
      this.margin = fraction;
      return this;
    }

    /** Consecutive comfortable runs before stepping down; default {@value #DEFAULT_STEP_DOWN_AFTER}. */
    public Builder stepDownAfter(int runCount) {
      if (runCount < 1) {
        throw new IllegalArgumentException("stepDownAfter must be >= 1 run, was " + runCount);
      }
      this.stepDownAfter = runCount;
      return this;
    }

    /** Consecutive misses before stepping up; default {@value #DEFAULT_STEP_UP_AFTER_MISSES} (at once). */
    public Builder stepUpAfterMisses(int missCount) {
      if (missCount < 1) {
        throw new IllegalArgumentException("stepUpAfterMisses must be >= 1, was " + missCount);
      }
      this.stepUpAfterMisses = missCount;
      return this;
    }

    /** The levels the controller may use; default all of them. */
    public Builder range(HintLevel low, HintLevel high) {
      if (low.compareTo(Objects.requireNonNull(high, "high")) > 0) {
        throw new IllegalArgumentException("range " + low + ".." + high + " is empty");
      }
      this.lowest = low;
      this.highest = high;
      return this;
    }

    /** The level of the first run; default the highest of the range (meet the target first, then save). */
    public Builder start(HintLevel first) {
      this.start = Objects.requireNonNull(first, "start");
      return this;
    }

    /** Time source for {@link #recordSince}; tests pass a fake one. */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    /** The controller. */
    public TargetLatencyController build() {
      HintLevel first = start == null ? highest : start;
      if (first.compareTo(lowest) < 0 || first.compareTo(highest) > 0) {
        throw new IllegalStateException("start level " + first + " is outside the range " + lowest + ".." + highest);
      }
      this.start = first;
      return new TargetLatencyController(this);
    }
  }
}
