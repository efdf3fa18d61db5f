package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Silero VAD v5 run directly: 64 samples of context + 512-sample chunks, state carried. */
class SileroVadTest {
  private static Model model;

  @BeforeAll
  static void load() {
    model = AudioTestData.load("silero_vad_16k_op15.onnx");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static float[] probabilities(SileroVad vad, float[] x, float gain) {
    float[] scaled = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      scaled[i] = x[i] * gain;
    }
    float[] p = new float[x.length / SileroVad.CHUNK];
    for (int c = 0; c < p.length; c++) {
      p[c] = vad.process(scaled, c * SileroVad.CHUNK);
    }
    return p;
  }

  @Test
  void speechScoresHighAndRoomToneLow() {
    ClipPool.Clip speech = AudioTestData.pool().of("speech", ClipPool.Split.TEST).get(0);
    ClipPool.Clip room = AudioTestData.pool().of("room", ClipPool.Split.TEST).get(0);
    try (SileroVad vad = new SileroVad(model)) {
      float[] ps = probabilities(vad, speech.samples(), 1f);
      vad.reset();
      float[] pr = probabilities(vad, room.samples(), 0.01f); // room tone at about -55 dBFS, as in the streams
      long speechy = 0;
      for (float p : ps) {
        speechy += p >= 0.5f ? 1 : 0;
      }
      float maxRoom = 0;
      for (float p : pr) {
        maxRoom = Math.max(maxRoom, p);
      }
      assertThat((double) speechy / ps.length).as("fraction of speech chunks at >= 0.5 in %s", speech.file())
          .isGreaterThan(0.5);
      assertThat(maxRoom).as("highest speech probability on room tone").isLessThan(0.2f);
    }
  }

  @Test
  void resetRestartsTheStreamExactly() {
    float[] x = AudioTestData.pool().of("keyword", ClipPool.Split.TEST).get(0).samples();
    try (SileroVad vad = new SileroVad(model)) {
      float[] first = probabilities(vad, x, 1f);
      float[] carried = probabilities(vad, x, 1f);
      vad.reset();
      float[] again = probabilities(vad, x, 1f);
      assertThat(again).containsExactly(first);
      assertThat(carried).isNotEqualTo(first); // the state really is carried between calls
    }
  }

  @Test
  void aChunkOfTheWrongSizeIsRefused() {
    try (SileroVad vad = new SileroVad(model)) {
      assertThatThrownBy(() -> vad.process(new float[300], 0)).isInstanceOf(AudioFormatException.class)
          .hasMessageContaining("512 samples").hasMessageContaining("[0, 300) of 300");
    }
  }
}
