package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.examples.vision.DoorbellStream;
import io.edgeenergy.examples.vision.FaceBox;
import io.edgeenergy.examples.vision.FaceChainReplay;
import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.examples.vision.StreamScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores kept by {@code --scores-dir} come back exactly, are recorded once, and a damaged file says where and what to do. */
class VisionScoresCacheTest {
  /** Eight frames, a visit at 2-4 and one at 6-7, values that do not print short. */
  static StreamScores scores() {
    int n = 8;
    float[] motion = {Float.POSITIVE_INFINITY, 0.0012345678f, 0.05f, 1e-7f, 0.0f, 0.003f, 0.2f, 0.0011f};
    float[] front = new float[n];
    float[] back = new float[n];
    FaceBox[] frontFace = new FaceBox[n];
    FaceBox[] backFace = new FaceBox[n];
    FaceBox[] truth = new FaceBox[n];
    for (int i = 0; i < n; i++) {
      front[i] = (float) Math.sin(i + 1) * 0.5f + 0.5f;
      back[i] = (float) Math.cos(i + 1) * 0.5f + 0.5f;
      if (back[i] > 0.2f) {
        backFace[i] = new FaceBox(0.1f * i + 1e-6f, 0.33333334f, 0.2f, 0.2f, back[i]);
      }
    }
    frontFace[3] = new FaceBox(0.5f, 0.5f, 0.1f, 0.12345679f, front[3]);
    for (int i : new int[] {2, 3, 4, 6, 7}) {
      truth[i] = new FaceBox(0.2f * (i % 5), 0.33333334f, 0.3f, 0.3f, 1);
    }
    List<DoorbellStream.Visit> visits = List.of(new DoorbellStream.Visit(2, 4, 0.1f, 1, 0, 0, 1, false, 0, 0, 0, 1),
        new DoorbellStream.Visit(6, 7, 0.1f, 1, 0, 0, 1, false, 0, 0, 0, 1));
    return new StreamScores(motion, front, back, frontFace, backFace, truth, visits, 8 / 7200.0, 1_120_277.3,
        13_210_025.9, 47_644_110.5);
  }

  @Test
  void scoresComeBackExactlyAndAreRecordedOnce(@TempDir Path dir) {
    StreamScores s = scores();
    AtomicInteger recorded = new AtomicInteger();
    StreamScores first = VisionScoresCache.scores(dir, 7, 90, 2, 120, () -> {
      recorded.incrementAndGet();
      return s;
    });
    StreamScores again = VisionScoresCache.scores(dir, 7, 90, 2, 120, () -> {
      throw new AssertionError("the second run must read the file");
    });
    assertThat(first).isSameAs(s);
    assertThat(recorded).hasValue(1);
    assertThat(dir.resolve("doorbell-seed7-90min-2fps-120vph.csv")).exists();
    assertThat(again.motion()).containsExactly(s.motion());
    assertThat(again.front()).containsExactly(s.front());
    assertThat(again.back()).containsExactly(s.back());
    assertThat(again.frontFace()).containsExactly(s.frontFace());
    assertThat(again.backFace()).containsExactly(s.backFace());
    assertThat(again.truth()).containsExactly(s.truth());
    assertThat(again.visits()).extracting(DoorbellStream.Visit::first, DoorbellStream.Visit::last)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 4), org.assertj.core.groups.Tuple.tuple(6, 7));
    assertThat(new double[] {again.hours(), again.gateNanojoules(), again.frontNanojoules(), again.backNanojoules()})
        .containsExactly(s.hours(), s.gateNanojoules(), s.frontNanojoules(), s.backNanojoules());
    Thresholds t = new Thresholds(0.002, 0.2, 0.7, 0.5, 0.01, 3, 0.3, 0.25);
    for (Mode mode : Mode.values()) {
      assertThat(FaceChainReplay.evaluate(again, mode, t)).isEqualTo(FaceChainReplay.evaluate(s, mode, t));
    }
  }

  @Test
  void aDamagedFileNamesItsLineAndTheFix(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("scores.csv");
    VisionScoresCache.write(scores(), file);
    List<String> lines = Files.readAllLines(file);
    lines.set(5, lines.get(5).replaceFirst(",[^,]*,", ",not-a-number,"));
    Files.write(file, lines);
    assertThatThrownBy(() -> VisionScoresCache.read(file)).isInstanceOf(VisionScoresCache.ScoresFileException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("line 6").hasMessageContaining("delete the file");
    Files.writeString(file, "frame,motion\n1,2\n3,4\n");
    assertThatThrownBy(() -> VisionScoresCache.read(file)).isInstanceOf(VisionScoresCache.ScoresFileException.class)
        .hasMessageContaining("is not a stream-scores file");
    Files.write(file, lines.subList(0, 2)); // cut after the header: no frames
    assertThatThrownBy(() -> VisionScoresCache.read(file)).isInstanceOf(VisionScoresCache.ScoresFileException.class);
  }
}
