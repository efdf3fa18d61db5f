package io.edgeenergy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.policy.ExitCurve.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExitCurveTest {
  private static final Point CHEAP = new Point(0.5, 0.90, 1e-5, List.of(0.8, 0.15, 0.05));
  private static final Point MID = new Point(0.9, 0.95, 3e-5, List.of(0.5, 0.3, 0.2));
  private static final Point DEAR = new Point(0.99, 0.96, 6e-5, List.of(0.2, 0.3, 0.5));
  private static final Point DOMINATED = new Point(0.7, 0.93, 4e-5, List.of(0.6, 0.2, 0.2));

  @Test
  void pointsAreSortedCheapestFirstWhateverTheInputOrder() {
    ExitCurve c = ExitCurve.of("max_probability", List.of(DEAR, DOMINATED, CHEAP, MID));
    assertThat(c.points()).containsExactly(CHEAP, MID, DOMINATED, DEAR);
    assertThat(c.cheapest()).isEqualTo(CHEAP);
    assertThat(c.mostAccurate()).isEqualTo(DEAR);
    assertThat(c.policy()).isEqualTo("max_probability");
    assertThat(c.size()).isEqualTo(4);
    assertThat(c.point(1)).isEqualTo(MID);
  }

  @Test
  void theParetoFrontDropsPointsBeatenOnBothAxes() {
    ExitCurve c = ExitCurve.of("entropy", List.of(DEAR, DOMINATED, CHEAP, MID));
    assertThat(c.paretoFront().points()).containsExactly(CHEAP, MID, DEAR);
    ExitCurve front = c.paretoFront();
    assertThat(front.paretoFront()).isSameAs(front);
    assertThat(front.policy()).isEqualTo("entropy");
    // equal joules: only the more accurate survives; equal accuracy at more joules is beaten too
    Point sameCostWorse = new Point(0.6, 0.85, 1e-5);
    Point dearerNoBetter = new Point(0.95, 0.95, 5e-5);
    ExitCurve ties = ExitCurve.of("entropy", List.of(sameCostWorse, new Point(0.5, 0.9, 1e-5), new Point(0.9, 0.95, 3e-5),
        dearerNoBetter));
    assertThat(ties.paretoFront().points()).extracting(Point::threshold).containsExactly(0.5, 0.9);
  }

  @Test
  void bestWithinPicksTheMostAccurateAffordablePointOrTheCheapest() {
    ExitCurve c = ExitCurve.of("margin", List.of(CHEAP, MID, DOMINATED, DEAR));
    assertThat(c.bestWithin(1e-6)).isEqualTo(CHEAP);            // nothing that cheap: the cheapest
    assertThat(c.bestWithin(1e-5)).isEqualTo(CHEAP);
    assertThat(c.bestWithin(4.5e-5)).isEqualTo(MID);            // DOMINATED costs more for less
    assertThat(c.bestWithin(1)).isEqualTo(DEAR);
  }

  @Test
  void theCurveIsImmutable() {
    List<Point> in = new ArrayList<>(List.of(CHEAP, MID));
    ExitCurve c = ExitCurve.of("margin", in);
    in.clear();
    assertThat(c.size()).isEqualTo(2);
    assertThatThrownBy(() -> c.points().clear()).isInstanceOf(UnsupportedOperationException.class);
    List<Double> shares = new ArrayList<>(Arrays.asList(0.5, 0.5));
    Point p = new Point(0.5, 0.9, 1e-5, shares);
    shares.set(0, 0.9);
    assertThat(p.exitShares()).containsExactly(0.5, 0.5);
  }

  @Test
  void equalCurvesAreEqualAndPrintTheirPoints() {
    assertThat(ExitCurve.of("margin", List.of(MID, CHEAP))).isEqualTo(ExitCurve.of("margin", List.of(CHEAP, MID)))
        .hasSameHashCodeAs(ExitCurve.of("margin", List.of(CHEAP, MID)))
        .isNotEqualTo(ExitCurve.of("entropy", List.of(CHEAP, MID)));
    assertThat(ExitCurve.of("margin", List.of(CHEAP)).toString()).isEqualTo("ExitCurve[margin: 0.5 -> 90.00 % at 1.00e-05 J]");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
  void anAccuracyOutsideZeroToOneIsRefused(double bad) {
    assertThatThrownBy(() -> new Point(0.5, bad, 1e-5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accuracy must be a fraction in [0, 1], was " + bad);
  }

  @Test
  void aPercentageIsCalledOut() {
    assertThatThrownBy(() -> new Point(0.5, 95.1, 1e-5)).hasMessageContaining("a percentage? divide by 100");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1e-9, Double.NaN, Double.POSITIVE_INFINITY})
  void joulesMustBeFiniteAndNotNegative(double bad) {
    assertThatThrownBy(() -> new Point(0.5, 0.9, bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold 0.5: joulesPerInference must be finite and >= 0, was " + bad);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.NEGATIVE_INFINITY})
  void thresholdsMustBeFinite(double bad) {
    assertThatThrownBy(() -> new Point(bad, 0.9, 1e-5)).hasMessageContaining("threshold must be finite, was " + bad);
  }

  @Test
  void exitSharesMustBeFractionsThatSumToOne() {
    assertThatThrownBy(() -> new Point(0.5, 0.9, 1e-5, List.of(0.5, 0.4)))
        .hasMessageContaining("exit shares must sum to 1").hasMessageContaining("sum to 0.9");
    assertThatThrownBy(() -> new Point(0.5, 0.9, 1e-5, List.of(1.5, -0.5)))
        .hasMessageContaining("the share of exit 0 must be in [0, 1], was 1.5");
    assertThat(new Point(0.5, 0.9, 1e-5, List.of(0.3333, 0.3333, 0.3334)).exitShares()).hasSize(3);
  }

  @Test
  void aCurveNeedsANameAndPointsWithTheSameExits() {
    assertThatThrownBy(() -> ExitCurve.of("margin", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exit curve 'margin' needs at least one point, got none");
    assertThatThrownBy(() -> ExitCurve.of(" ", List.of(CHEAP))).hasMessageContaining("name of its policy family");
    assertThatThrownBy(() -> ExitCurve.of("margin", Arrays.asList(CHEAP, null))).hasMessageContaining("point 1 is null");
    assertThatThrownBy(() -> ExitCurve.of("margin", List.of(CHEAP, new Point(0.6, 0.9, 2e-5, List.of(0.5, 0.5)))))
        .hasMessageContaining("point 1 (threshold 0.6) has 2 exit shares, earlier points 3");
    assertThatThrownBy(() -> ExitCurve.of("margin", List.of(CHEAP, new Point(0.6, 0.9, 2e-5))))
        .hasMessageContaining("has 0 exit shares");
  }
}
