package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Power;
import io.edgeenergy.model.Model;
import io.edgeenergy.policy.ChainCalibration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cascade sweep replays each candidate once; the rule keeps what sees the most firing windows, with a margin. */
class CascadeCalibrationTest {
  @Test
  void oneReplayPerCandidateGivesItsScoreAndItsFiringWindowsAtPhaseZero() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(2));
    try (Model vad = AudioTestData.load("silero_vad_16k_op15.onnx");
         Model keyword = AudioTestData.load("keyword_dscnn.onnx");
         Model small = AudioTestData.load("keyword_dscnn_small.onnx")) {
      ChainTrace trace = ChainTrace.record(s, vad, keyword, small);
      KeywordChain.Settings base = new KeywordChain.Settings(0.8, 1, 0.3, 10, -45, 3, KeywordChain.VadResume.REPRIME,
          3, 0.1);
      List<double[]> grid = CascadeCalibration.withSchedules(ChainCalibration.grid(new double[] {1}, new double[] {0},
          new double[] {-45, -30}, new double[] {10, 31}, new double[] {0.05, 0.5}));
      CascadeCalibration.Sweep sweep = CascadeCalibration.sweep(trace, base, grid, Power.ofWatts(1));
      assertThat(sweep.curve()).hasSize(grid.size());
      for (int i = 0; i < grid.size(); i++) {
        KeywordChain.Settings c = base.withGates(grid.get(i));
        ChainScore alone = ChainReplay.replay(trace, KeywordChain.Gate.CASCADE, c, Power.ofWatts(1));
        ChainCalibration.Point p = sweep.curve().get(i);
        assertThat(p.thresholds()).containsExactly(grid.get(i));
        assertThat(p.recall()).isEqualTo(alone.recall());
        assertThat(p.joulesPerHour()).isEqualTo(alone.joulesPerHour());
        assertThat(sweep.seenAtPhase0()[i]).isEqualTo(ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.CASCADE,
            c, 0));
      }
      List<ChainCalibration.Point> kept = CascadeCalibration.seeingMostFiringWindows(trace, base, sweep);
      assertThat(kept).isNotEmpty();
      // brute force: a kept point sees, at its worst phase, as many firing windows as any point does at
      // its own, and still does with its screen's threshold doubled
      long most = 0;
      for (ChainCalibration.Point p : sweep.curve()) {
        most = Math.max(most, worstPhase(trace, base.withGates(p.thresholds())));
      }
      int heldBackByTheMargin = 0;
      for (ChainCalibration.Point p : sweep.curve()) {
        KeywordChain.Settings c = base.withGates(p.thresholds());
        double[] strict = c.gateThresholds();
        strict[4] *= CascadeCalibration.MARGIN;
        boolean seesMost = worstPhase(trace, c) == most;
        boolean keep = seesMost && strict[4] <= 1 && worstPhase(trace, base.withGates(strict)) == most;
        heldBackByTheMargin += seesMost && !keep ? 1 : 0;
        assertThat(kept.contains(p)).as("%s", java.util.Arrays.toString(p.thresholds())).isEqualTo(keep);
      }
      assertThat(heldBackByTheMargin).as("the margin decides something on this stream").isPositive();
    }
  }

  private static long worstPhase(ChainTrace trace, KeywordChain.Settings c) {
    long worst = Long.MAX_VALUE;
    for (int phase = 0; phase < c.screenHop(); phase++) {
      worst = Math.min(worst, ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.CASCADE, c, phase));
    }
    return worst;
  }
}
