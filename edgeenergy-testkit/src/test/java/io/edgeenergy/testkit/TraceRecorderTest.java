package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.trace.TraceException;
import io.edgeenergy.trace.TraceRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder on a scripted cascade, where every answer and cost is known. */
class TraceRecorderTest {
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  /** Tiny (10 µJ, 1 ms) is sure of class 0 on even inputs, unsure on odd ones; big (100 µJ, 5 ms) says 1. */
  private TieredInferencePipeline<float[]> cascade() {
    ScriptedModel tiny = ScriptedModel.builder("tiny").classes(2)
        .function(x -> ((int) x[0]) % 2 == 0 ? new float[] {0.95f, 0.05f} : new float[] {0.625f, 0.375f})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
    ScriptedModel big = ScriptedModel.builder("big").classes(2).function(x -> new float[] {0.125f, 0.875f})
        .cost(Duration.ofMillis(5), Energy.ofMicrojoules(100), ticker, meter).build();
    return TieredInferencePipeline.<float[]>builder().tier(tiny.tier()).gate(GatePolicy.maxProbability(0.9))
        .tier(big.tier()).meter(meter).ticker(ticker).subtractMeterOverhead(false).build();
  }

  private static float[] input(int i) {
    float[] x = new float[64];
    x[0] = i;
    return x;
  }

  @Test
  void recordsEveryTiersAnswerAndCostWhileThePipelineRunsAsUsual(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("t.jsonl");
    try (var pipeline = cascade(); var recorder = TraceRecorder.builder(pipeline, file).build()) {
      for (int i = 0; i < 4; i++) {
        InferenceResult r = recorder.run(input(i), i % 2);
        assertThat(r.tier()).as("the pipeline's own result").isEqualTo(i % 2);
      }
      // the pipeline's ledger holds its own runs only: the probe charges its own
      assertThat(pipeline.ledger().snapshot().total()).isEqualTo(Energy.ofMicrojoules(4 * 10 + 2 * 100));
      assertThat(recorder.inputs()).as("the probe waits for a batch or close").isZero();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).startsWith("{\"type\":\"header\",\"version\":1,\"meter\":\"simulated\"")
        .contains("\"tiers\":[{\"name\":\"tiny\",\"models\":[{\"name\":\"tiny\"}]},{\"name\":\"big\"");
    // input 0 stopped at tiny live: big's answer and cost come from the probe; input 1 ran both live
    assertThat(lines.get(1)).isEqualTo("{\"i\":0,\"label\":0,\"p\":[[0.95,0.05],[0.125,0.875]],"
        + "\"nj\":[10000,100000],\"ns\":[1000000,5000000]}");
    assertThat(lines.get(2)).isEqualTo("{\"i\":1,\"label\":1,\"p\":[[0.625,0.375],[0.125,0.875]],"
        + "\"nj\":[10000,100000],\"ns\":[1000000,5000000]}");
    assertThat(lines.get(5)).isEqualTo("{\"type\":\"end\",\"inputs\":4}");
  }

  @Test
  void aFullBatchIsOnFileBeforeCloseAndEveryRecordKeepsItsOwnCost(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("t.jsonl");
    try (var pipeline = cascade(); var recorder = TraceRecorder.builder(pipeline, file).build()) {
      for (int i = 0; i < TraceRecorder.BATCH + 2; i++) {
        recorder.run(input(i), 0);
      }
      List<String> onFile = Files.readAllLines(file);
      assertThat(onFile).as("header + one whole batch, flushed").hasSize(1 + TraceRecorder.BATCH);
      assertThat(onFile.get(TraceRecorder.BATCH)).startsWith("{\"i\":" + (TraceRecorder.BATCH - 1) + ",");
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1 + TraceRecorder.BATCH + 2 + 1);
    // the probe's ledger is read once per input: each record still carries one input's cost, never two
    assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(l -> assertThat(l).endsWith(
        "\"nj\":[10000,100000],\"ns\":[1000000,5000000]}"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"type\":\"end\",\"inputs\":" + (TraceRecorder.BATCH + 2) + "}");
  }

  @Test
  void anUnwritablePathFailsAtBuildNamingIt(@TempDir Path tmp) throws IOException {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    try (var pipeline = cascade()) {
      assertThatThrownBy(() -> TraceRecorder.builder(pipeline, notADir.resolve("t.jsonl")).build())
          .isInstanceOf(TraceException.class).hasMessageContaining(notADir.resolve("t.jsonl").toString())
          .hasMessageContaining("writable");
    }
  }

  @Test
  void aClosedRecorderRefusesMoreInputs(@TempDir Path tmp) {
    try (var pipeline = cascade()) {
      var recorder = TraceRecorder.builder(pipeline, tmp.resolve("t.jsonl")).build();
      recorder.close();
      assertThatThrownBy(() -> recorder.run(input(0), 0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
