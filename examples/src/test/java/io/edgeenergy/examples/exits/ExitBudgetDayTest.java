package io.edgeenergy.examples.exits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.Energy;
import io.edgeenergy.examples.exits.ExitBudgetDay.Day;
import io.edgeenergy.examples.exits.ExitBudgetDay.Outcome;
import io.edgeenergy.policy.BudgetFollowingExit;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.ExitCurve;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayed day on hand-made exits whose costs and answers are worked out by hand. */
class ExitBudgetDayTest {
  /** Segments of 1, 1 and 2 mJ: stopping at exit 0, 1, 2 costs 1, 2, 4 mJ. */
  private static final double[] JOULES = {1e-3, 1e-3, 2e-3};

  /**
   * Label 0 throughout. A (twice): right and sure at exit 0 (0.95). B: wrong at exit 0 (0.7 on class
   * 1), right at exit 1 (0.9). C: wrong at exits 0 and 1 (0.6, 0.8 on class 1), right at the last.
   * So max probability in (0.8, 0.9] stops A, B, C, A at exits 0, 1, 2, 0: 8 mJ per 4 events, all
   * right; the curve's front is 50 % at 1 mJ, 75 % at 1.5 mJ, 100 % at 2 mJ per event.
   */
  private static final ExitRecords RECORDS = new ExitRecords(new float[][][] {
      {{0.95f, 0.05f}, {0.95f, 0.05f}, {0.99f, 0.01f}},
      {{0.3f, 0.7f}, {0.9f, 0.1f}, {0.95f, 0.05f}},
      {{0.4f, 0.6f}, {0.2f, 0.8f}, {0.9f, 0.1f}},
      {{0.95f, 0.05f}, {0.95f, 0.05f}, {0.99f, 0.01f}},
  }, new int[] {0, 0, 0, 0});

  /** One event a minute for a day: 1,440 events. */
  private static Day day(double joules) {
    return new Day(Duration.ofDays(1), Duration.ofMinutes(1), Energy.ofNanojoules(Math.round(joules * 1e9)));
  }

  @Test
  void aFixedPolicyIsPricedAndScoredInputByInput() {
    Outcome o = ExitBudgetDay.replay("0.9", RECORDS, JOULES, EarlyExitPolicy.maxProbability(0.9), day(10));
    assertThat(o.lastedTheDay()).isTrue();
    assertThat(o.events()).isEqualTo(1_440);
    assertThat(o.accuracy()).isEqualTo(1.0);
    assertThat(o.joules()).isCloseTo(1_440 / 4 * 8e-3, within(1e-9));
    assertThat(o.joulesPerHour()).isCloseTo(0.12, within(1e-9));
    assertThat(o.hours()).hasSize(24).allSatisfy(h -> assertThat(h.answered()).isEqualTo(60));
    // at 0.5 everything stops at exit 0: half right, 1 mJ each
    Outcome loose = ExitBudgetDay.replay("0.5", RECORDS, JOULES, EarlyExitPolicy.maxProbability(0.5), day(10));
    assertThat(loose.accuracy()).isEqualTo(0.5);
    assertThat(loose.joules()).isCloseTo(1.44, within(1e-9));
  }

  @Test
  void aBatteryTooSmallForTheFixedPolicyEndsItsDayEarly() {
    // 8 mJ per 4 events needs 2.88 J for the day; 2.16 J lasts three quarters of it
    Outcome o = ExitBudgetDay.replay("0.9", RECORDS, JOULES, EarlyExitPolicy.maxProbability(0.9), day(2.16));
    assertThat(o.lastedTheDay()).isFalse();
    assertThat(o.answered()).isEqualTo(1_080);
    assertThat(o.lasted()).isEqualTo(Duration.ofHours(18));
    assertThat(o.accuracyOverTheDay()).isEqualTo(0.75);
    assertThat(o.hours().get(23).answered()).isZero();
  }

  @Test
  void followingTheBudgetLastsTheDayAtTheBestAccuracyItAffords() {
    List<OperatingPoint> sweep = ExitSweep.curve(ExitPolicyFamily.maxProbability(), RECORDS, JOULES);
    ExitCurve curve = ExitSweep.curve("max-probability", sweep);
    assertThat(curve.paretoFront().points()).extracting(ExitCurve.Point::accuracy).containsExactly(0.5, 0.75, 1.0);
    assertThat(curve.paretoFront().points()).extracting(ExitCurve.Point::joulesPerInference)
        .containsExactly(1e-3, 1.5e-3, 2e-3);
    // 2.52 J is 1.75 mJ per event: the 100 % point (2 mJ) runs out, the 75 % point (1.5 mJ) lasts with some to spare
    Outcome fixed = ExitBudgetDay.replay("0.9", RECORDS, JOULES, EarlyExitPolicy.maxProbability(0.9), day(2.52));
    assertThat(fixed.lastedTheDay()).isFalse();
    BudgetFollowingExit following = BudgetFollowingExit.builder(curve, EarlyExitPolicy::maxProbability)
        .minDwell(32).replanEvery(8).build();
    Outcome o = ExitBudgetDay.replay("following", RECORDS, JOULES, following, day(2.52));
    assertThat(o.lastedTheDay()).isTrue();
    assertThat(o.joules()).isLessThanOrEqualTo(2.52).isGreaterThan(0.9 * 2.52);
    assertThat(o.accuracy()).as("better than the best fixed point that lasts").isGreaterThan(0.8);
    assertThat(o.switches()).isPositive().isLessThanOrEqualTo(1_440 / 32);
    assertThat(o.hours().get(23).threshold()).isBetween(0.0, 1.0);
  }

  @Test
  void anHourlyRateSpreadsTheFlatDaysEventsInProportion() {
    Day day = new Day(Duration.ofHours(2), Duration.ofMinutes(1), Energy.ofJoules(10), List.of(1.0, 3.0));
    Outcome o = ExitBudgetDay.replay("0.9", RECORDS, JOULES, EarlyExitPolicy.maxProbability(0.9), day);
    assertThat(o.events()).isEqualTo(120);
    assertThat(o.hours()).extracting(ExitBudgetDay.Hour::answered).containsExactly(30, 90);
    Day quietSecondHour = new Day(Duration.ofHours(3), Duration.ofMinutes(1), Energy.ofJoules(10), List.of(1.0, 0.0, 2.0));
    assertThat(ExitBudgetDay.replay("0.9", RECORDS, JOULES, EarlyExitPolicy.maxProbability(0.9), quietSecondHour).hours())
        .extracting(ExitBudgetDay.Hour::answered).containsExactly(60, 0, 120);
    assertThatThrownBy(() -> new Day(Duration.ofMinutes(90), Duration.ofMinutes(1), Energy.ofJoules(1), List.of(1.0)))
        .hasMessageContaining("whole hours");
    assertThatThrownBy(() -> new Day(Duration.ofHours(1), Duration.ofMinutes(1), Energy.ofJoules(1), List.of(0.0)))
        .hasMessageContaining("not all 0");
  }

  @Test
  void aDayNeedsAGapWithinItsLengthAndABattery() {
    assertThatThrownBy(() -> new Day(Duration.ofHours(1), Duration.ofHours(2), Energy.ofJoules(1)))
        .hasMessageContaining("0 < event gap <= length");
    assertThatThrownBy(() -> new Day(Duration.ofHours(1), Duration.ofSeconds(1), Energy.ZERO))
        .hasMessageContaining("battery > 0 J");
  }

  @Test
  void theOrderIsAFixedShuffleOfEveryInput() {
    assertThat(ExitBudgetDay.order(100)).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 100).toArray())
        .isEqualTo(ExitBudgetDay.order(100)).isNotEqualTo(java.util.stream.IntStream.range(0, 100).toArray());
  }
}
