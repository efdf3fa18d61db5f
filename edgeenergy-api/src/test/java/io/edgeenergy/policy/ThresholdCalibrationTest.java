package io.edgeenergy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {
  // four samples, two stages: stage 0 is right on the sure ones, stage 1 always right
  private static final double[][] CONF = {{0.95, 0.99}, {0.85, 0.99}, {0.6, 0.99}, {0.97, 0.99}};
  private static final boolean[][] RIGHT = {{true, true}, {true, true}, {false, true}, {true, true}};
  private static final double[] COST = {1, 10};

  @Test
  void picksTheCheapestThresholdThatKeepsTheAccuracy() {
    ThresholdCalibration.Result r = ThresholdCalibration.calibrate(CONF, RIGHT, COST, 1.0, new double[] {0.5, 0.8, 0.9, 0.99});
    // 0.5 stops all at stage 0 (75 %), 0.8 escalates only the 0.6 one: 100 % at cost (4 + 10) / 4
    assertThat(r.threshold()).isEqualTo(0.8);
    assertThat(r.accuracy()).isEqualTo(1.0);
    assertThat(r.expectedCost()).isEqualTo(3.5);
    assertThat(r.stopFractions()).containsExactly(0.75, 0.25);
    assertThat(r.metTarget()).isTrue();
  }

  @Test
  void unreachableTargetReturnsTheMostAccurateAndSaysSo() {
    boolean[][] allWrong = {{false, false}, {false, false}, {false, false}, {false, false}};
    ThresholdCalibration.Result r = ThresholdCalibration.calibrate(CONF, allWrong, COST, 0.5, new double[] {0.5, 0.9});
    assertThat(r.metTarget()).isFalse();
    assertThat(r.toString()).contains("not reached");
  }

  @Test
  void badInputsAreRejected() {
    assertThatThrownBy(() -> ThresholdCalibration.calibrate(new double[0][], new boolean[0][], COST, 1, new double[] {0.5}))
        .hasMessageContaining("non-zero");
    assertThatThrownBy(() -> ThresholdCalibration.calibrate(CONF, RIGHT, new double[] {1, Double.NaN}, 1, new double[] {0.5}))
        .hasMessageContaining("costs");
    assertThatThrownBy(() -> ThresholdCalibration.calibrate(CONF, RIGHT, COST, 2, new double[] {0.5}))
        .hasMessageContaining("minAccuracy");
    assertThatThrownBy(() -> ThresholdCalibration.calibrate(CONF, RIGHT, new double[] {1, 2, 3}, 1, new double[] {0.5}))
        .hasMessageContaining("3 stages");
  }
}
