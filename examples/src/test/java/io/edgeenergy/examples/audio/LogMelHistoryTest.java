package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The history a screen reads every other frame from and the keyword model the whole second. */
class LogMelHistoryTest {
  private static final int MELS = LogMel.MELS;

  private static LogMelHistory pushed(long samples) {
    LogMelHistory h = new LogMelHistory();
    Random r = new Random(7);
    float[] chunk = new float[512];
    for (long done = 0; done < samples; done += chunk.length) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (float) (0.1 * r.nextGaussian());
      }
      h.push(chunk, 0, (int) Math.min(chunk.length, samples - done));
    }
    return h;
  }

  /** Both parities of the last frame: the screen's frames are the second's frames with an even index. */
  @Test
  void stridedFramesAreTheSecondsFramesWithIndicesOnTheStreamsGridAndOnlyThoseAreComputed() {
    for (long end : new long[] {16_000 + 512 * 20, 16_000 + 512 * 21}) {
      LogMelHistory h = pushed(end);
      float[] screen = new float[24 * MELS];
      assertThat(h.strided(screen, end, 2, 24)).isTrue();
      assertThat(h.framesComputed()).as("only the screen's frames").isEqualTo(24);
      float[] all = new float[LogMel.FRAMES * MELS];
      assertThat(h.features(all, end)).isTrue();
      assertThat(h.framesComputed()).as("then the rest, once").isEqualTo(49);
      long last = (end - LogMel.WINDOW) / LogMel.HOP;
      long first = last - LogMel.FRAMES + 1;
      long newest = last - last % 2;
      for (int k = 0; k < 24; k++) {
        int row = (int) (newest - 2L * (23 - k) - first);
        assertThat(Arrays.copyOfRange(screen, k * MELS, (k + 1) * MELS)).as("end %d frame %d", end, k)
            .containsExactly(Arrays.copyOfRange(all, row * MELS, (row + 1) * MELS));
      }
    }
  }

  @Test
  void aScreensStrideSpreadsItsFramesOverTheSecond() {
    assertThat(LogMelHistory.stride(49)).isEqualTo(1);
    assertThat(LogMelHistory.stride(24)).isEqualTo(2);
    assertThat(LogMelHistory.stride(16)).isEqualTo(3);
    assertThatThrownBy(() -> LogMelHistory.stride(0)).hasMessageContaining("1 to 49 frames");
    assertThatThrownBy(() -> LogMelHistory.stride(50)).hasMessageContaining("not 50");
  }

  @Test
  void framesThatDoNotFitInASecondOrAnEndTheHistoryNoLongerKeepsAreRefused() {
    LogMelHistory h = pushed(32_000);
    float[] out = new float[50 * MELS];
    assertThatThrownBy(() -> h.strided(out, 32_000, 2, 25)).hasMessageContaining("25 frames every 2 do not fit");
    assertThatThrownBy(() -> h.strided(out, 32_000 - LogMelHistory.MAX_BACK - 1, 2, 24))
        .hasMessageContaining("must lie in");
    assertThat(pushed(15_000).strided(out, 15_000, 2, 24)).as("before a second was pushed").isFalse();
  }
}
