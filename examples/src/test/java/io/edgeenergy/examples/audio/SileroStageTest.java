package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SimulatedMeter;
import io.edgeenergy.trace.TraceRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real vendored Silero VAD v5 (dynamic dimensions, recurrent state, int64 scalar input) as a
 * stateful pipeline stage with no wrapper class: its per-chunk probabilities equal the hand-written
 * {@link SileroVad} loop over the same speech clip, chunk for chunk.
 */
class SileroStageTest {
  private static final int WINDOW = SileroVad.CONTEXT + SileroVad.CHUNK;

  @Test
  void sileroAsAStatefulStageEqualsTheDirectLoop() {
    float[] speech = AudioTestData.pool().of("speech", ClipPool.Split.TEST).get(0).samples();
    int chunks = speech.length / SileroVad.CHUNK;
    float[] expected = new float[chunks];
    try (Model direct = AudioTestData.load("silero_vad_16k_op15.onnx"); SileroVad vad = new SileroVad(direct)) {
      for (int c = 0; c < chunks; c++) {
        expected[c] = vad.process(speech, c * SileroVad.CHUNK);
      }
    }
    float[] actual = new float[chunks];
    try (Model silero = AudioTestData.load("silero_vad_16k_op15.onnx"); var pipeline = vadPipeline(silero)) {
      float[] window = new float[WINDOW];                       // 64 samples of context, then the chunk
      for (int c = 0; c < chunks; c++) {
        System.arraycopy(speech, c * SileroVad.CHUNK, window, SileroVad.CONTEXT, SileroVad.CHUNK);
        actual[c] = pipeline.run(window).outputs().floats("output").get(0);
        System.arraycopy(window, SileroVad.CHUNK, window, 0, SileroVad.CONTEXT);
      }
    }
    assertThat(chunks).isGreaterThan(10);
    assertThat(actual).containsExactly(expected);
    assertThat(max(actual)).as("the clip is speech: some chunk is confidently voiced").isGreaterThan(0.5f);
  }

  @Test
  void aTraceOfTheStatefulStageKeepsItsDeclaredShapesAndState(@TempDir Path dir) throws Exception {
    float[] speech = AudioTestData.pool().of("speech", ClipPool.Split.TEST).get(0).samples();
    Path file = dir.resolve("vad.trace.jsonl");
    try (Model silero = AudioTestData.load("silero_vad_16k_op15.onnx"); var pipeline = vadPipeline(silero);
         var recorder = TraceRecorder.builder(pipeline, file).build()) {   // the probe copies the stage as declared
      float[] window = new float[WINDOW];
      for (int c = 0; c < 3; c++) {
        System.arraycopy(speech, c * SileroVad.CHUNK, window, SileroVad.CONTEXT, SileroVad.CHUNK);
        recorder.run(window, 0);
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).contains("\"type\":\"header\"");
    assertThat(lines.get(4)).isEqualTo("{\"type\":\"end\",\"inputs\":3}");
  }

  private static TieredInferencePipeline<float[]> vadPipeline(Model silero) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("vad")
            .stage(Stage.model(silero).shape("input", 1, WINDOW).shape("state", 2, 1, 128)
                .constant("sr", 16_000).state("stateN", "state").build())
            .input(InputBinder.floats()).scores(ScoreReader.binary("output")).build())
        .meter(SimulatedMeter.workOnly(FakeTicker.create())).build();
  }

  private static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
