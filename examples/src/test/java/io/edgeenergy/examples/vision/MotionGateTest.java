package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MotionGateTest {
  static RgbFrame grey(float v) {
    RgbFrame f = RgbFrame.black(64, 64);
    Arrays.fill(f.rgb(), v);
    return f;
  }

  @Test
  void firstFrameAlwaysPassesThenStillFramesScoreZero() {
    MotionGate gate = new MotionGate(64, 64);
    assertThat(gate.score(grey(0.5f))).isInfinite();
    assertThat(gate.score(grey(0.5f))).isZero();
    gate.reset();
    assertThat(gate.score(grey(0.5f))).isInfinite();
  }

  @Test
  void aUniformLightingChangeIsNotMotionButAMovingSquareIs() {
    MotionGate gate = new MotionGate(64, 64);
    gate.score(grey(0.5f));
    assertThat(gate.score(grey(0.7f))).as("the light went up everywhere").isLessThan(1e-6f);
    RgbFrame square = grey(0.7f);
    for (int y = 8; y < 24; y++) {
      for (int x = 8; x < 24; x++) {
        for (int c = 0; c < 3; c++) {
          square.rgb()[(y * 64 + x) * 3 + c] = 0.1f;
        }
      }
    }
    // 4 of 64 cells change by 0.6: mean |change - mean change| = 2 * 4/64 * 0.6 * 60/64
    assertThat(gate.score(square)).isCloseTo(2 * 4 / 64f * 0.6f * 60 / 64f, org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void wrongSizeAndNanFramesAreClearErrorsThatLeaveTheStateAlone() {
    MotionGate gate = new MotionGate(64, 64);
    gate.score(grey(0.5f));
    assertThatThrownBy(() -> gate.score(RgbFrame.black(32, 64))).isInstanceOf(BadFrameException.class)
        .hasMessageContaining("64x64").hasMessageContaining("32x64");
    RgbFrame nan = grey(0.5f);
    nan.rgb()[(20 * 64 + 40) * 3] = Float.NaN;
    assertThatThrownBy(() -> gate.score(nan)).isInstanceOf(BadFrameException.class)
        .hasMessageContaining("rows 16..23").hasMessageContaining("columns 40..47");
    assertThat(gate.score(grey(0.5f))).as("compared with the last good frame").isZero();
  }
}
