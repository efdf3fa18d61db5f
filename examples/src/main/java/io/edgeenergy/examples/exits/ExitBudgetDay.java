package io.edgeenergy.examples.exits;

import io.edgeenergy.Energy;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.policy.BudgetFollowingExit;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A replayed day of a multi-exit model under a battery budget with a target lifetime: events arrive
 * at a fixed rate on a simulated clock, each is one recorded input ({@link ExitRecords}: what the
 * real segments answered at every exit), the exit policy decides after each exit as the pipeline would
 * ask it, and the joules of the segments run are charged to a real {@link EnergyBudget} whose
 * pressure the policy reads. A fixed threshold that costs too much empties the battery before the
 * day ends; {@link EarlyExitPolicy#following} moves along the calibrated curve to last it.
 */
public final class ExitBudgetDay {
  /** The seed of the order the day's events take the recorded inputs in (a fixed shuffle, cycled). */
  static final long ORDER_SEED = 15;

  private ExitBudgetDay() {}

  /**
   * The day: its length (the battery's target lifetime), the mean gap between two events, the
   * battery, and how the event rate varies hour by hour.
   *
   * @param length the target lifetime, > 0 (whole hours when {@code hourlyRate} is given)
   * @param eventGap the mean time between two events, > 0 and <= length
   * @param battery the energy for the whole day
   * @param hourlyRate relative event rate of each hour of the day from midnight, cycled (empty: flat);
   *     the day keeps the flat day's number of events, spread in proportion
   */
  public record Day(Duration length, Duration eventGap, Energy battery, List<Double> hourlyRate) {
    private static final long HOUR = Duration.ofHours(1).toNanos();

    /** Checks the durations, the battery and the rates. */
    public Day {
      Objects.requireNonNull(battery, "battery");
      hourlyRate = List.copyOf(hourlyRate);
      if (length.isNegative() || length.isZero() || eventGap.isNegative() || eventGap.isZero()
          || eventGap.compareTo(length) > 0) {
        throw new IllegalArgumentException("a day needs 0 < event gap <= length, got gap " + eventGap + " and length "
            + length);
      }
      if (battery.isZero()) {
        throw new IllegalArgumentException("a day needs a battery > 0 J");
      }
      if (!hourlyRate.isEmpty() && (length.toNanos() % HOUR != 0
          || hourlyRate.stream().anyMatch(r -> !(r >= 0 && r < Double.POSITIVE_INFINITY))
          || hourlyRate.stream().mapToDouble(Double::doubleValue).sum() == 0)) {
        throw new IllegalArgumentException("an hourly event rate needs whole hours and finite rates >= 0, not all 0;"
            + " got " + length + " and " + hourlyRate);
      }
    }

    /** A day with a flat event rate. */
    public Day(Duration length, Duration eventGap, Energy battery) {
      this(length, eventGap, battery, List.of());
    }

    /** The time of each event from the start, in nanoseconds, in order. */
    long[] eventTimes() {
      long gap = eventGap.toNanos();
      if (hourlyRate.isEmpty()) {
        long[] t = new long[(int) (length.toNanos() / gap)];
        for (int e = 0; e < t.length; e++) {
          t[e] = e * gap;
        }
        return t;
      }
      int hours = (int) (length.toNanos() / HOUR);
      double mean = hourlyRate.stream().mapToDouble(Double::doubleValue).sum() / hourlyRate.size();
      List<Long> times = new ArrayList<>();
      for (int h = 0; h < hours; h++) {
        long n = Math.round((double) HOUR / gap * hourlyRate.get(h % hourlyRate.size()) / mean);
        for (long k = 0; k < n; k++) {
          times.add(h * HOUR + k * HOUR / n);
        }
      }
      return times.stream().mapToLong(Long::longValue).toArray();
    }
  }

  /**
   * One hour of the day.
   *
   * @param answered events answered in the hour
   * @param correct of which right
   * @param joules spent in the hour
   * @param threshold the threshold in use at the end of the hour (NaN for a fixed policy or an empty battery)
   */
  public record Hour(int answered, int correct, double joules, double threshold) {}

  /**
   * How the day went for one policy.
   *
   * @param policy the policy's name
   * @param events events in the day
   * @param answered events answered before the battery was empty
   * @param correct answered right
   * @param lasted how long the battery lasted (the day's length if it did)
   * @param joules energy spent
   * @param switches changes of operating point (0 for a fixed policy)
   * @param hours hour by hour
   */
  public record Outcome(String policy, int events, int answered, int correct, Duration lasted, double joules,
      long switches, List<Hour> hours) {
    /** Accuracy over the events answered. */
    public double accuracy() {
      return answered == 0 ? 0 : (double) correct / answered;
    }

    /** Accuracy over all the day's events; an event after the battery emptied counts as missed. */
    public double accuracyOverTheDay() {
      return (double) correct / events;
    }

    /** Joules per hour while the battery lasted. */
    public double joulesPerHour() {
      return joules / (lasted.toNanos() / 3.6e12);
    }

    /** Whether every event of the day was answered. */
    public boolean lastedTheDay() {
      return answered == events;
    }
  }

  /**
   * Replays the day.
   *
   * @param name the policy's name in the outcome
   * @param records the recorded exits of the inputs (typically the test split)
   * @param stageJoules the joules of one run of each segment
   * @param policy the exit policy (a fresh one: a budget-following policy keeps state)
   * @param day the day
   * @return the outcome
   */
  public static Outcome replay(String name, ExitRecords records, double[] stageJoules, EarlyExitPolicy policy, Day day) {
    double[] cumulative = ExitSweep.cumulative(records, stageJoules);
    long[] clock = {0};
    Ticker ticker = () -> clock[0];
    EnergyBudget budget = EnergyBudget.builder().name("exit day").ticker(ticker).battery(day.battery(), day.length())
        .build();
    int[] order = order(records.size());
    long[] times = day.eventTimes();
    Hours hours = new Hours(() -> threshold(policy, budget));
    int answered = 0;
    int correct = 0;
    double joules = 0;
    long lastedNanos = day.length().toNanos();
    for (int e = 0; e < times.length; e++) {
      clock[0] = times[e];
      hours.closeUntil(clock[0]);   // hours without events get a row too
      if (budget.state() == BudgetState.EXHAUSTED) {
        lastedNanos = Math.min(lastedNanos, clock[0]);
        continue;   // the rest of the day goes unanswered
      }
      int input = order[e % order.length];
      int stop = ExitSweep.stop(records, input, policy, budget);
      double j = cumulative[stop];
      budget.charge(Math.round(j * 1e9));
      boolean right = records.correct(input, stop);
      answered++;
      correct += right ? 1 : 0;
      joules += j;
      hours.add(right, j);
    }
    clock[0] = day.length().toNanos();
    hours.closeThrough(clock[0]);   // a last partial hour gets its row too
    long switches = policy instanceof BudgetFollowingExit f ? f.switches() : 0;
    return new Outcome(name, times.length, answered, correct, Duration.ofNanos(lastedNanos), joules, switches,
        List.copyOf(hours.rows));
  }

  /** The hour-by-hour tally of a replay: one row per hour that has ended. */
  private static final class Hours {
    final List<Hour> rows = new ArrayList<>();
    private final java.util.function.DoubleSupplier threshold;
    private int answered;
    private int correct;
    private double joules;

    Hours(java.util.function.DoubleSupplier threshold) {
      this.threshold = threshold;
    }

    void add(boolean right, double j) {
      answered++;
      correct += right ? 1 : 0;
      joules += j;
    }

    /** Closes every hour that ends at or before {@code nanos} (threshold as it is now). */
    void closeUntil(long nanos) {
      while ((rows.size() + 1) * Day.HOUR <= nanos) {
        rows.add(new Hour(answered, correct, joules, threshold.getAsDouble()));
        answered = correct = 0;
        joules = 0;
      }
    }

    /** Closes every hour up to the end of the one holding {@code nanos}, a partial last hour included. */
    void closeThrough(long nanos) {
      closeUntil((nanos + Day.HOUR - 1) / Day.HOUR * Day.HOUR);
    }
  }

  private static double threshold(EarlyExitPolicy policy, EnergyBudget budget) {
    return policy instanceof BudgetFollowingExit f && budget.state() != BudgetState.EXHAUSTED
        ? f.operatingPoint().threshold() : Double.NaN;
  }

  /** A fixed shuffle of the inputs, so every hour sees the same mix of easy and hard ones. */
  static int[] order(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(ORDER_SEED);
    for (int i = n - 1; i > 0; i--) {
      int k = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    return order;
  }
}
