package io.edgeenergy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainCalibrationTest {
  /** A toy two-gate chain: a higher gate threshold saves energy and, past 0.6, loses recall. */
  private static ChainCalibration.Point toy(double[] t) {
    double recall = 1.0 - Math.max(0, t[0] - 0.6) - Math.max(0, t[1] - 0.6);
    double joules = 100 * (1 - t[0]) + 50 * (1 - t[1]);
    double falseAlarms = t[1] < 0.3 ? 2 : 1;
    return new ChainCalibration.Point(t, Math.max(0, recall), falseAlarms, joules);
  }

  private final List<ChainCalibration.Point> curve = ChainCalibration.sweep(
      ChainCalibration.grid(new double[] {0.2, 0.4, 0.6, 0.8}, new double[] {0.2, 0.6, 0.9}), ChainCalibrationTest::toy);

  @Test
  void gridIsEveryCombinationFirstAxisSlowest() {
    assertThat(ChainCalibration.grid(new double[] {1, 2}, new double[] {5, 6, 7}))
        .containsExactly(new double[] {1, 5}, new double[] {1, 6}, new double[] {1, 7}, new double[] {2, 5},
            new double[] {2, 6}, new double[] {2, 7});
    assertThatThrownBy(() -> ChainCalibration.grid(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cheapestKeepsTheRecallTargetAndTheFalseAlarmCap() {
    ChainCalibration.Point p = ChainCalibration.cheapest(curve, 1.0, 1.0).orElseThrow();
    assertThat(p.thresholds()).containsExactly(0.6, 0.6); // the highest thresholds that lose no recall
    assertThat(p.joulesPerHour()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ChainCalibration.cheapest(curve, 0.79, 1.0).orElseThrow().thresholds()).containsExactly(0.8, 0.6);
    assertThat(ChainCalibration.cheapest(curve, 1.0, 0.5)).isEmpty();
  }

  @Test
  void mostRecallUnderABudget() {
    ChainCalibration.Point p = ChainCalibration.mostRecall(curve, 45, 2).orElseThrow();
    assertThat(p.joulesPerHour()).isLessThanOrEqualTo(45);
    assertThat(p.recall()).isEqualTo(curve.stream().filter(q -> q.joulesPerHour() <= 45)
        .mapToDouble(ChainCalibration.Point::recall).max().orElseThrow());
    assertThat(ChainCalibration.mostRecall(curve, 1, 2)).isEmpty();
  }

  @Test
  void frontHoldsOnlyUnbeatenPointsSortedByJoules() {
    List<ChainCalibration.Point> front = ChainCalibration.front(curve);
    assertThat(front).isSortedAccordingTo(java.util.Comparator.comparingDouble(ChainCalibration.Point::joulesPerHour));
    for (ChainCalibration.Point p : front) {
      assertThat(curve).noneMatch(q -> q.recall() > p.recall() && q.joulesPerHour() < p.joulesPerHour()
          && q.falseAlarmsPerHour() <= p.falseAlarmsPerHour());
    }
    assertThat(front).doesNotContain(toy(new double[] {0.2, 0.2})); // beaten by (0.6, 0.6)
  }

  @Test
  void refusesImpossiblePoints() {
    assertThatThrownBy(() -> new ChainCalibration.Point(new double[] {1}, Double.NaN, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recall");
  }

  @Test
  void frontIsExactlyThePointsNothingBeatsOnALargeGridWithTies() {
    java.util.Random random = new java.util.Random(7);
    List<ChainCalibration.Point> points = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) { // few distinct values: ties on every axis, as replays of one stream give
      int joules = random.nextInt(200); // recall and false alarms grow with joules, as a real trade-off does
      points.add(new ChainCalibration.Point(new double[] {i}, (joules / 10 + random.nextInt(4)) / 23.0,
          joules / 50 + random.nextInt(2), joules));
    }
    List<ChainCalibration.Point> expected = points.stream()
        .filter(p -> points.stream().noneMatch(q -> q.recall() >= p.recall() && q.joulesPerHour() <= p.joulesPerHour()
            && q.falseAlarmsPerHour() <= p.falseAlarmsPerHour() && (q.recall() > p.recall()
            || q.joulesPerHour() < p.joulesPerHour() || q.falseAlarmsPerHour() < p.falseAlarmsPerHour())))
        .sorted(java.util.Comparator.comparingDouble(ChainCalibration.Point::joulesPerHour)).toList();
    assertThat(expected).hasSizeGreaterThan(3);
    assertThat(ChainCalibration.front(points)).containsExactlyElementsOf(expected);
  }
}
