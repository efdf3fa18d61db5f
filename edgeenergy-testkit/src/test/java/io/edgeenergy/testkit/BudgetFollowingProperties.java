package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.policy.BudgetFollowingExit;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.ExitCurve;
import io.edgeenergy.policy.ExitCurve.Point;
import io.edgeenergy.policy.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The budget-following exit under any pressure trajectory: it never changes operating point faster
 * than its stated dwell (in inferences, and on the clock), it only ever runs points of the curve's
 * Pareto front, and from the same state a higher pressure never picks a more expensive point.
 */
class BudgetFollowingProperties {
  private static final Prediction STAGE_0 = Prediction.of(0, 3, 1, 0.7f, 0.3f);

  /** A stretch of a trajectory: this pressure (0 when drawn negative: on track is common) for so many inferences. */
  record Stretch(double pressure, int inferences, boolean affordable) {}

  @Provide
  Arbitrary<List<Stretch>> trajectories() {
    Arbitrary<Stretch> stretch = Combinators.combine(Arbitraries.doubles().between(-0.5, 1.2),
        Arbitraries.integers().between(1, 400), Arbitraries.of(true, true, true, false))
        .as((p, n, a) -> new Stretch(Math.max(0, p), n, a));
    return stretch.list().ofMinSize(1).ofMaxSize(30);
  }

  @Provide
  Arbitrary<ExitCurve> curves() {
    Arbitrary<Point> point = Combinators.combine(Arbitraries.doubles().between(0, 1).ofScale(3),
        Arbitraries.doubles().between(0, 1).ofScale(3), Arbitraries.integers().between(1, 1000).map(microjoules -> microjoules * 1e-6))
        .as(Point::new);
    return point.list().ofMinSize(1).ofMaxSize(8).map(ps -> ExitCurve.of("max_probability", ps));
  }

  @Property(tries = 300)
  void neverSwitchesFasterThanItsDwellAndStaysOnTheFront(@ForAll("curves") ExitCurve curve,
      @ForAll("trajectories") List<Stretch> trajectory, @ForAll @IntRange(min = 1, max = 40) int replanEvery,
      @ForAll @IntRange(min = 0, max = 300) int minDwell, @ForAll boolean startCheapest) {
    BudgetFollowingExit.Builder b = BudgetFollowingExit.builder(curve, EarlyExitPolicy::maxProbability)
        .replanEvery(replanEvery).minDwell(minDwell);
    BudgetFollowingExit exit = (startCheapest ? b.startCheapest() : b).build();
    List<Point> front = curve.paretoFront().points();
    BudgetFollowingExitTest.SetPressure view = new BudgetFollowingExitTest.SetPressure();
    Point at = exit.operatingPoint();
    List<Long> switchedAt = new ArrayList<>();
    long n = 0;
    for (Stretch s : trajectory) {
      view.pressure = s.pressure();
      view.affordable = s.affordable();
      for (int i = 0; i < s.inferences(); i++) {
        exit.decide(STAGE_0, view);
        n++;
        Point now = exit.operatingPoint();
        assertThat(front).contains(now);
        if (!now.equals(at)) {
          assertThat(n % replanEvery).as("switches only at a re-plan").isZero();
          long since = switchedAt.isEmpty() ? n : n - switchedAt.get(switchedAt.size() - 1);
          assertThat(since).as("inferences since the last switch (or the start)").isGreaterThanOrEqualTo(minDwell);
          assertThat(front.indexOf(now)).as("climbs one point at a time").isLessThanOrEqualTo(front.indexOf(at) + 1);
          switchedAt.add(n);
          at = now;
        }
      }
    }
    assertThat(exit.switches()).isEqualTo(switchedAt.size());
    assertThat(exit.inferences()).isEqualTo(n);
  }

  @Property(tries = 200)
  void neverSwitchesFasterThanItsDwellOnTheClock(@ForAll("curves") ExitCurve curve,
      @ForAll("trajectories") List<Stretch> trajectory,
      @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 0, max = 20_000) Integer> millisBetween,
      @ForAll @IntRange(min = 0, max = 60_000) int dwellMillis) {
    FakeTicker ticker = FakeTicker.create();
    BudgetFollowingExit exit = BudgetFollowingExit.builder(curve, EarlyExitPolicy::maxProbability)
        .replanEvery(1).minDwell(0).minDwell(Duration.ofMillis(dwellMillis), ticker).build();
    BudgetFollowingExitTest.SetPressure view = new BudgetFollowingExitTest.SetPressure();
    Point at = exit.operatingPoint();
    long lastSwitch = ticker.read();
    int k = 0;
    for (Stretch s : trajectory) {
      view.pressure = s.pressure();
      view.affordable = s.affordable();
      for (int i = 0; i < s.inferences(); i++) {
        ticker.advance(Duration.ofMillis(millisBetween.get(k++ % millisBetween.size())));
        exit.decide(STAGE_0, view);
        if (!exit.operatingPoint().equals(at)) {
          assertThat(ticker.read() - lastSwitch).isGreaterThanOrEqualTo(Duration.ofMillis(dwellMillis).toNanos());
          lastSwitch = ticker.read();
          at = exit.operatingPoint();
        }
      }
    }
  }

  @Property(tries = 300)
  void aHigherPressureNeverPicksAMoreExpensivePoint(@ForAll("curves") ExitCurve curve,
      @ForAll("trajectories") List<Stretch> prefix, @ForAll @IntRange(min = 1, max = 40) int replanEvery,
      @ForAll @IntRange(min = 0, max = 300) int minDwell,
      @ForAll @DoubleRange(min = 0, max = 1) double lower, @ForAll @DoubleRange(min = 0, max = 1) double higher) {
    BudgetFollowingExit a = BudgetFollowingExit.builder(curve, EarlyExitPolicy::maxProbability)
        .replanEvery(replanEvery).minDwell(minDwell).build();
    BudgetFollowingExit b = BudgetFollowingExit.builder(curve, EarlyExitPolicy::maxProbability)
        .replanEvery(replanEvery).minDwell(minDwell).build();
    BudgetFollowingExitTest.SetPressure view = new BudgetFollowingExitTest.SetPressure();
    for (Stretch s : prefix) {   // the same history for both
      view.pressure = s.pressure();
      view.affordable = s.affordable();
      for (int i = 0; i < s.inferences(); i++) {
        a.decide(STAGE_0, view);
        b.decide(STAGE_0, view);
      }
    }
    assertThat(a.operatingPoint()).isEqualTo(b.operatingPoint());
    view.affordable = true;
    double low = Math.min(lower, higher);
    double high = Math.max(lower, higher);
    for (int i = 0; i < replanEvery; i++) {   // then one re-plan each, at a different pressure
      view.pressure = low;
      a.decide(STAGE_0, view);
      view.pressure = high;
      b.decide(STAGE_0, view);
    }
    assertThat(b.operatingPoint().joulesPerInference()).isLessThanOrEqualTo(a.operatingPoint().joulesPerInference());
  }
}
