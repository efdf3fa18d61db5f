package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cascade's Java screen and the strided log-mel frames it reads. */
class PooledScreenTest {
  static final Path WEIGHTS = AudioTestData.DIR.resolve("keyword_screen.tsv");

  /** The committed weights score the training script's check windows as PyTorch did. */
  @Test
  void theJavaScreenScoresTheTrainingScriptsCheckWindowsAsPythonDoes() {
    PooledScreen screen = PooledScreen.load(WEIGHTS);
    assertThat(screen.checks()).hasSize(3);
    for (float[] check : screen.checks()) {
      assertThat(check).hasSize(1 + screen.inputs());
      float java = screen.scorePooled(Arrays.copyOfRange(check, 1, check.length));
      assertThat(java).isCloseTo(check[0], within(1e-4f));
    }
  }

  /**
   * Strided frames are the full second's frames at the multiples of the stride, and only they are
   * computed; a later full second computes only the frames still missing.
   */
  @Test
  void stridedFramesAreTheFullSecondsFramesAndOnlyThoseAreComputed() {
    float[] audio = new float[LogMel.CLIP + 5 * SileroVad.CHUNK];
    Random r = new Random(3);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (0.1 * r.nextGaussian());
    }
    LogMelHistory sparse = new LogMelHistory();
    LogMelHistory full = new LogMelHistory();
    sparse.push(audio, 0, audio.length);
    full.push(audio, 0, audio.length);
    float[] strided = new float[24 * LogMel.MELS];
    float[] second = new float[LogMel.FRAMES * LogMel.MELS];
    assertThat(sparse.strided(strided, sparse.position(), 2, 24)).isTrue();
    assertThat(sparse.framesComputed()).isEqualTo(24);
    assertThat(full.features(second)).isTrue();
    long last = (full.position() - LogMel.WINDOW) / LogMel.HOP;
    long first = last - LogMel.FRAMES + 1;
    long newest = last - last % 2;
    for (int k = 0; k < 24; k++) {
      int row = (int) (newest - 2L * (23 - k) - first);
      assertThat(Arrays.copyOfRange(strided, k * LogMel.MELS, (k + 1) * LogMel.MELS))
          .containsExactly(Arrays.copyOfRange(second, row * LogMel.MELS, (row + 1) * LogMel.MELS));
    }
    float[] again = new float[second.length];
    assertThat(sparse.features(again)).isTrue();
    assertThat(sparse.framesComputed()).isEqualTo(LogMel.FRAMES);   // 24 shared, 25 new
    assertThat(again).containsExactly(second);
  }

  @Test
  void beforeASecondWasPushedTheScreenHasNoScore() {
    LogMelHistory h = new LogMelHistory();
    h.push(new float[LogMel.CLIP / 2], 0, LogMel.CLIP / 2);
    assertThat(PooledScreen.load(WEIGHTS).score(h, h.position())).isNaN();
    assertThat(h.framesComputed()).isZero();
  }

  @Test
  void aTruncatedWeightsFileIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    Path cut = dir.resolve("cut.tsv");
    List<String> lines = Files.readAllLines(WEIGHTS);
    Files.write(cut, lines.subList(0, 10));
    assertThatThrownBy(() -> PooledScreen.load(cut)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut.tsv").hasMessageContaining("missing rows");
  }
}
