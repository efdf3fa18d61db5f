package io.edgeenergy.testkit;

import static io.edgeenergy.policy.EarlyExitPolicy.Decision.CONTINUE;
import static io.edgeenergy.policy.EarlyExitPolicy.Decision.EXIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.BudgetFollowingExit;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.ExitCurve;
import io.edgeenergy.policy.ExitCurve.Point;
import io.edgeenergy.policy.Prediction;
import io.edgeenergy.testkit.ScriptedModel.Cost;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The budget-following exit policy: unit-level on a budget view whose pressure the test sets, and on
 * a replayed day through a real segmented pipeline of scripted segments with a real budget.
 */
class BudgetFollowingExitTest {
  /** Four points of a max-probability curve, 10 / 20 / 40 / 80 µJ. */
  static final ExitCurve CURVE = ExitCurve.of("max_probability", List.of(
      new Point(0.6, 0.80, 10e-6), new Point(0.75, 0.88, 20e-6), new Point(0.9, 0.93, 40e-6),
      new Point(0.99, 0.95, 80e-6)));

  private static final Prediction STAGE_0 = Prediction.of(0, 4, 1, 0.8f, 0.2f);

  /** A budget view whose pressure the test sets: a fake of the one thing the policy reads. */
  static final class SetPressure implements BudgetView {
    double pressure;
    boolean affordable = true;

    @Override
    public double pressure() {
      return pressure;
    }

    @Override
    public boolean canAfford(long nanojoules) {
      return affordable;
    }

    @Override
    public BudgetState state() {
      return BudgetState.HEALTHY;
    }
  }

  private final SetPressure view = new SetPressure();

  private static void decide(BudgetFollowingExit exit, BudgetView view, int inferences) {
    for (int i = 0; i < inferences; i++) {
      exit.decide(STAGE_0, view);
    }
  }

  @Test
  void onTrackItClimbsOnePointPerDwell() {
    BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
        .startCheapest().replanEvery(5).minDwell(20).build();
    List<Double> thresholds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      decide(exit, view, 10);
      thresholds.add(exit.operatingPoint().threshold());
    }
    assertThat(thresholds).containsExactly(0.6, 0.75, 0.75, 0.9, 0.9, 0.99, 0.99, 0.99, 0.99, 0.99);
    assertThat(exit.switches()).isEqualTo(3);
    assertThat(exit.inferences()).isEqualTo(100);
  }

  @Test
  void underPressureItDropsToTheMostAccuratePointWithinTheTargetAtOnce() {
    BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
        .replanEvery(10).minDwell(10).build();
    view.pressure = 0.6;            // mean so far 80 µJ: the target is 32 µJ, so 20 µJ, two points down
    decide(exit, view, 10);
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.75);
    view.pressure = 0.3;            // mean 50 µJ × 0.7 = 35 µJ down to 30 µJ × 0.7 = 21 µJ: 20 µJ fits, hold
    decide(exit, view, 50);
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.75);
    decide(exit, view, 20);         // mean (800 + 1400) / 80 µJ × 0.7 = 19.25 µJ: now even 20 µJ is too much
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.6);
    view.pressure = 0;
    decide(exit, view, 10);         // on track again: one point up
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.75);
    assertThat(exit.switches()).isEqualTo(3);
    assertThat(exit.inferencesPerPoint()).containsExactly(10, 70, 0, 10);
  }

  @Test
  void itDecidesByThePolicyOfItsOperatingPoint() {
    BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
        .replanEvery(1).minDwell(0).build();
    Prediction later = Prediction.of(1, 4, 2, 0.8f, 0.2f);
    assertThat(exit.decide(later, view)).isEqualTo(CONTINUE);     // 0.8 < 0.99
    view.pressure = 0.6;
    assertThat(exit.decide(later, view)).as("stage 1 counts no inference, so no re-plan").isEqualTo(CONTINUE);
    assertThat(exit.decide(STAGE_0, view)).isEqualTo(EXIT);       // re-planned to 0.75 (mean 80 µJ × 0.4 = 32 µJ)
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.75);
    assertThat(exit.toString()).isEqualTo("exit following the budget along max_probability (4 points, now at threshold 0.75)");
  }

  @Test
  void aTimeDwellHoldsThePointOnTheClock() {
    FakeTicker ticker = FakeTicker.create();
    BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
        .replanEvery(1).minDwell(0).minDwell(Duration.ofMinutes(1), ticker).build();
    view.pressure = 1;
    ticker.advance(Duration.ofSeconds(59));
    decide(exit, view, 100);
    assertThat(exit.switches()).isZero();
    ticker.advance(Duration.ofSeconds(1));
    decide(exit, view, 1);
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.6);
  }

  @Test
  void itDoesNotClimbWhenTheBudgetCannotPayForADwellThere() {
    BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
        .startCheapest().replanEvery(1).minDwell(1).build();
    view.affordable = false;
    decide(exit, view, 50);
    assertThat(exit.switches()).isZero();
    view.affordable = true;
    decide(exit, view, 1);
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.75);
  }

  @Test
  void aClimbNeedsFourDwellsAtThePointAboveLeftInTheBattery() {
    // dwell 10 inferences at 20 µJ: a climb from 10 to 20 µJ needs 4 × 10 × 20 µJ = 800 µJ left
    for (long leftMicrojoules : new long[] {799, 800}) {
      EnergyBudget battery = EnergyBudget.builder().ticker(FakeTicker.create()).battery(Energy.ofMicrojoules(1_000)).build();
      battery.charge(Energy.ofMicrojoules(1_000 - leftMicrojoules));
      BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
          .startCheapest().replanEvery(10).minDwell(10).build();
      BudgetView onTrack = new BudgetView() {   // no pressure, the battery's own affordability
        @Override
        public double pressure() {
          return 0;
        }

        @Override
        public boolean canAfford(long nanojoules) {
          return battery.canAfford(nanojoules);
        }

        @Override
        public BudgetState state() {
          return battery.state();
        }
      };
      decide(exit, onTrack, 10);
      assertThat(exit.operatingPoint().threshold()).as("%d µJ left", leftMicrojoules)
          .isEqualTo(leftMicrojoules < 800 ? 0.6 : 0.75);
    }
  }

  @Test
  void dominatedPointsAreNeverOperatingPoints() {
    ExitCurve withDominated = ExitCurve.of("margin", List.of(new Point(0.2, 0.9, 10e-6), new Point(0.3, 0.85, 30e-6),
        new Point(0.5, 0.95, 50e-6)));
    BudgetFollowingExit exit = BudgetFollowingExit.builder(withDominated, EarlyExitPolicy::margin)
        .startCheapest().replanEvery(1).minDwell(1).build();
    decide(exit, view, 1);
    assertThat(exit.operatingPoint().threshold()).isEqualTo(0.5);
    assertThat(exit.front().points()).extracting(Point::threshold).containsExactly(0.2, 0.5);
  }

  @Test
  void decidingAllocatesNothingEvenWhileItReplansAndSwitches() {
    var bean = ManagementFactory.getThreadMXBean();
    assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
    var sun = (com.sun.management.ThreadMXBean) bean;
    assumeThat(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()).isTrue();
    BudgetFollowingExit exit = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability)
        .replanEvery(1).minDwell(1).build();
    Prediction later = Prediction.of(1, 4, 2, 0.8f, 0.2f);
    long sink = 0;
    long allocated = Long.MAX_VALUE;
    // best of up to 10 rounds: the JIT compiling the loop allocates in the first ones
    for (int round = 0; round < 10 && allocated >= 1_000; round++) {
      long before = sun.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 20_000; i++) {
        view.pressure = (i / 100) % 2 == 0 ? 0 : 0.9;   // switches back and forth at every allowed chance
        sink += exit.decide(STAGE_0, view).ordinal() + exit.decide(later, view).ordinal();
      }
      allocated = Math.min(allocated, sun.getCurrentThreadAllocatedBytes() - before);
    }
    assertThat(sink).isNotZero();
    assertThat(exit.switches()).isGreaterThan(100);
    assertThat(allocated).as("bytes allocated by 40 000 decisions (best of up to 10 rounds)").isLessThan(1_000);
  }

  @Test
  void badOptionsAreRefusedByName() {
    var b = BudgetFollowingExit.builder(CURVE, EarlyExitPolicy::maxProbability);
    assertThatThrownBy(() -> b.replanEvery(0)).hasMessage("replanEvery must be >= 1 inference, was 0");
    assertThatThrownBy(() -> b.minDwell(-1)).hasMessage("minDwell must be >= 0 inferences, was -1");
    assertThatThrownBy(() -> b.minDwell(Duration.ofSeconds(-1), FakeTicker.create())).hasMessageContaining("minDwell");
    assertThatThrownBy(() -> BudgetFollowingExit.builder(CURVE, t -> null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("policyAt(0.6) returned null for curve 'max_probability'");
    assertThatThrownBy(() -> EarlyExitPolicy.following(CURVE, t -> EarlyExitPolicy.maxProbability(t * 2)))
        .hasMessageContaining("[0, 1]");   // the family's own validation, at build time
  }

  // ---- a replayed day through a real segmented pipeline ----

  private static final int EVENTS_PER_DAY = 8_640;   // one every 10 s
  private static final Duration EVENT_GAP = Duration.ofSeconds(10);
  private static final double[] THRESHOLDS = {0.6, 0.75, 0.9, 0.99};
  private static final double[] ACCURACY = {0.80, 0.88, 0.93, 0.95};   // what a sweep would have measured

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  /** Exit k of an input of difficulty d = x[0] is sure of class 0 with 1 - d (1 - k/4) / 2: later exits are surer. */
  private List<ScriptedModel> segments() {
    ScriptedSegments s = ScriptedModel.segments("net").classes(2).inputSize(1).simulatedOn(ticker, meter);
    int[] microjoules = {10, 20, 40, 80};
    for (int k = 0; k < 4; k++) {
      double shrink = 1 - k / 4.0;
      s.segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(microjoules[k])), x -> {
        float c = (float) (1 - 0.5 * x[0] * shrink);
        return new float[] {c, 1 - c};
      });
    }
    return s.build();
  }

  private TieredInferencePipeline<float[]> pipeline(EarlyExitPolicy exit, EnergyBudget budget) {
    var b = TieredInferencePipeline.<float[]>builder().tier(ScriptedModel.tier("net", segments(), exit))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false);
    return (budget == null ? b : b.budget(budget)).build();
  }

  private static float[] input(int event) {
    return new float[] {(event % 20) / 20f};
  }

  /** The calibration sweep over one cycle of inputs: the measured joules per inference of each threshold. */
  private ExitCurve calibrate() {
    List<Point> points = new ArrayList<>();
    for (int t = 0; t < THRESHOLDS.length; t++) {
      try (var p = pipeline(EarlyExitPolicy.maxProbability(THRESHOLDS[t]), null)) {
        long nj = 0;
        for (int i = 0; i < 20; i++) {
          nj += p.run(input(i)).nanojoules();
        }
        points.add(new Point(THRESHOLDS[t], ACCURACY[t], nj / 20 / 1e9));
      }
    }
    return ExitCurve.of("max_probability", points);
  }

  /** Runs one event every 10 s for a day or until the battery is empty; the events that ran. */
  private int replayDay(EarlyExitPolicy exit, EnergyBudget budget) {
    try (var p = pipeline(exit, budget)) {
      for (int i = 0; i < EVENTS_PER_DAY; i++) {
        if (budget.state() == BudgetState.EXHAUSTED) {
          return i;
        }
        p.run(input(i));
        ticker.advance(EVENT_GAP);
      }
      return EVENTS_PER_DAY;
    }
  }

  @Test
  void fallingThermalHeadroomMovesItToCheaperExitsAndCoolingBringsItBack() {
    ExitCurve curve = calibrate();
    FakeThermalHeadroom headroom = FakeThermalHeadroom.create().set(0.5);
    BudgetFollowingExit following = BudgetFollowingExit.builder(curve, EarlyExitPolicy::maxProbability)
        .replanEvery(10).minDwell(50).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(ScriptedModel.tier("net", segments(), following))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).thermal(headroom).build()) {
      long cool = 0;
      for (int i = 0; i < 100; i++) {
        cool += p.run(input(i)).nanojoules();
      }
      assertThat(following.operatingPoint()).isEqualTo(curve.mostAccurate());
      headroom.set(0.95);   // thermal pressure 0.75: a quarter of the mean joules so far
      for (int i = 0; i < 100; i++) {
        p.run(input(i));
      }
      assertThat(following.operatingPoint()).isEqualTo(curve.cheapest());
      long hot = 0;
      for (int i = 0; i < 100; i++) {
        hot += p.run(input(i)).nanojoules();
      }
      assertThat(hot).as("joules of 100 inferences, hot vs cool").isLessThan(cool / 5);
      headroom.set(0.6);    // cooled down: one point up per dwell
      for (int i = 0; i < 300; i++) {
        p.run(input(i));
      }
      assertThat(following.operatingPoint()).isEqualTo(curve.mostAccurate());
    }
  }

  @Test
  void onAReplayedDayItMeetsTheTargetWhereTheMostAccurateFixedThresholdRunsOut() {
    ExitCurve curve = calibrate();
    assertThat(curve.paretoFront().size()).isEqualTo(4);
    // a battery for a day at the mean of the second and third points: the two cheap points last, the others don't
    double sustainable = (curve.point(1).joulesPerInference() + curve.point(2).joulesPerInference()) / 2;
    Energy battery = Energy.ofNanojoules(Math.round(sustainable * 1e9 * EVENTS_PER_DAY));

    EnergyBudget fixedBudget = EnergyBudget.builder().ticker(ticker).battery(battery, Duration.ofDays(1)).build();
    int fixedEvents = replayDay(EarlyExitPolicy.maxProbability(0.99), fixedBudget);
    assertThat(fixedEvents).as("the most accurate fixed threshold empties the battery early").isLessThan(EVENTS_PER_DAY * 3 / 4);

    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(battery, Duration.ofDays(1)).build();
    BudgetFollowingExit following = EarlyExitPolicy.following(curve, EarlyExitPolicy::maxProbability);
    int events = replayDay(following, budget);
    assertThat(events).as("the budget-following exit lasts the day").isEqualTo(EVENTS_PER_DAY);
    assertThat(budget.state()).isNotEqualTo(BudgetState.EXHAUSTED);
    assertThat(budget.used().nanojoules()).as("and spends the battery on accuracy instead of hoarding it")
        .isGreaterThan(battery.nanojoules() * 9 / 10);
    long[] perPoint = following.inferencesPerPoint();
    double accuracy = 0;
    for (int i = 0; i < perPoint.length; i++) {
      accuracy += perPoint[i] * following.front().point(i).accuracy() / EVENTS_PER_DAY;
    }
    assertThat(accuracy).as("better than the best fixed threshold that lasts the day (0.75)").isGreaterThan(ACCURACY[1]);
    assertThat(following.switches()).as("at most one switch per dwell").isLessThanOrEqualTo(EVENTS_PER_DAY / 256);
  }
}
