package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.cli.StreamRun.Config;
import io.edgeenergy.cli.StreamRun.CurvePoint;
import io.edgeenergy.cli.StreamRun.StageShare;
import io.edgeenergy.cli.StreamRun.StreamRunFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream JSON schema: a run survives write/read unchanged; bad files are refused with the fix. */
class StreamRunTest {
  @TempDir
  Path tmp;

  /** A small but complete run, shaped like the vision chain's. */
  static StreamRun sample(Double budget) {
    List<StageShare> chainStages = List.of(new StageShare("motion gate", 7200, 1.0, 0.5),
        new StageShare("BlazeFace 128", 900, 0.125, 3.0), new StageShare("BlazeFace 256", 120, 0.0167, 1.5));
    return new StreamRun(StreamRun.FORMAT, StreamRun.CAMERA_FACE, "ESTIMATED", "raspberry-pi-5 profile (cited)", 60, 2,
        "doorbell, 2 fps, 12 visits", 12, 50, 2.7, budget,
        List.of(new Config("always back 256", Config.EVERY_FRAME, false, 0.975, 1.0, 40.0, 60.1, 500.0,
                List.of(new StageShare("BlazeFace 256", 7200, 1.0, 40.0))),
            new Config("motion -> front 128 -> back 256", Config.CHAIN, true, 0.925, 0.0, 5.0, 66.5, null, chainStages),
            new Config("oracle gate -> back 256", Config.ORACLE, false, 0.975, 0.0, 2.0, 66.6, 0.0,
                List.of(new StageShare("BlazeFace 256", 400, 0.0556, 2.0)))),
        List.of(new CurvePoint("front 0.50", 0.95, 6.0, false), new CurvePoint("front 0.60", 0.93, 5.0, true)),
        List.of(0.08, 0.09, 0.07));
  }

  @Test
  void aRunSurvivesWriteAndReadUnchanged() {
    Path file = tmp.resolve("run.json");
    StreamRun run = sample(null);
    run.write(file);
    StreamRun back = StreamRun.read(file);
    assertThat(back).isEqualTo(run);
    assertThat(back.chosen().name()).isEqualTo("motion -> front 128 -> back 256");
    assertThat(back.byRole(Config.ORACLE).joulesPerHour()).isEqualTo(2.0);
    assertThat(StreamRun.read(writeAndReturn(sample(30.0), tmp.resolve("b.json"))).budgetJoulesPerHour()).isEqualTo(30.0);
  }

  @Test
  void theFileSaysItsFormat() throws IOException {
    Path file = writeAndReturn(sample(null), tmp.resolve("run.json"));
    assertThat(Files.readString(file)).contains("\"format\": \"edgeenergy-stream-run/1\"")
        .contains("\"chain\": \"camera-face\"").contains("\"budgetJoulesPerHour\": null");
  }

  @Test
  void aTruncatedFileIsRefusedNamingItAndTheFix() throws IOException {
    Path file = writeAndReturn(sample(null), tmp.resolve("run.json"));
    String text = Files.readString(file);
    Path cut = Files.writeString(tmp.resolve("cut.json"), text.substring(0, text.length() / 2));
    assertThatThrownBy(() -> StreamRun.read(cut)).isInstanceOf(StreamRunFileException.class)
        .hasMessageContaining(cut.toString()).hasMessageContaining("truncated")
        .hasMessageContaining("edgeenergy stream audio --json FILE");
    Path empty = Files.writeString(tmp.resolve("empty.json"), "");
    assertThatThrownBy(() -> StreamRun.read(empty)).isInstanceOf(StreamRunFileException.class)
        .hasMessageContaining(empty.toString()).hasMessageContaining("empty");
  }

  @Test
  void anotherCommandsJsonIsRefusedAsForeign() throws IOException {
    Path demo = Files.writeString(tmp.resolve("demo.json"), "{\"backend\":\"onnx\",\"rows\":[]}");
    assertThatThrownBy(() -> StreamRun.read(demo)).isInstanceOf(StreamRunFileException.class)
        .hasMessageContaining(demo.toString()).hasMessageContaining("not a stream run")
        .hasMessageContaining("backend").hasMessageContaining("edgeenergy stream vision --json FILE");
    Path newer = Files.writeString(tmp.resolve("v2.json"), "{\"format\":\"edgeenergy-stream-run/2\"}");
    assertThatThrownBy(() -> StreamRun.read(newer)).hasMessageContaining("edgeenergy-stream-run/2")
        .hasMessageContaining("reads edgeenergy-stream-run/1");
  }

  @Test
  void aRunWithAMissingOrImpossibleFieldIsRefusedNamingTheField() throws IOException {
    Path file = writeAndReturn(sample(null), tmp.resolve("run.json"));
    String text = Files.readString(file);
    Path noChoice = Files.writeString(tmp.resolve("nochoice.json"), text.replace("\"chosen\": true", "\"chosen\": false"));
    assertThatThrownBy(() -> StreamRun.read(noChoice)).hasMessageContaining("exactly one chosen");
    Path badRecall = Files.writeString(tmp.resolve("recall.json"), text.replace("\"recall\": 0.925", "\"recall\": 92.5"));
    assertThatThrownBy(() -> StreamRun.read(badRecall)).hasMessageContaining("recall").hasMessageContaining("0..1");
    Path noChain = Files.writeString(tmp.resolve("nochain.json"), text.replace("\"chain\": \"camera-face\",", ""));
    assertThatThrownBy(() -> StreamRun.read(noChain)).hasMessageContaining("chain is null");
  }

  /** Audio latency is detection minus the keyword clip's end: negative when the model fires before the clip's silence ends. */
  @Test
  void aNegativeLatencySurvivesButNaNIsRefused() throws IOException {
    Path file = writeAndReturn(sample(null), tmp.resolve("run.json"));
    String text = Files.readString(file);
    Path early = Files.writeString(tmp.resolve("early.json"), text.replace("\"latencyP50Ms\": 500.0", "\"latencyP50Ms\": -217.0"));
    assertThat(StreamRun.read(early).byRole(Config.EVERY_FRAME).latencyP50Ms()).isEqualTo(-217.0);
    Path nan = Files.writeString(tmp.resolve("nan.json"), text.replace("\"latencyP50Ms\": 500.0", "\"latencyP50Ms\": \"NaN\""));
    assertThatThrownBy(() -> StreamRun.read(nan)).isInstanceOf(StreamRunFileException.class)
        .hasMessageContaining("latencyP50Ms").hasMessageContaining("null or finite");
  }

  @Test
  void anUnwritablePathIsAClearError() throws IOException {
    Path plain = Files.writeString(tmp.resolve("plain"), "x");
    Path unwritable = plain.resolve("run.json");   // a file's child: unwritable even for root
    assertThatThrownBy(() -> sample(null).write(unwritable)).isInstanceOf(StreamRunFileException.class)
        .hasMessageContaining("cannot write " + unwritable).hasMessageContaining("--json");
    assertThatThrownBy(() -> sample(null).write(tmp)).hasMessageContaining("cannot write " + tmp);
  }

  @Test
  void anInconsistentRunIsNotWritten() {
    StreamRun bad = new StreamRun(StreamRun.FORMAT, "audio-keyword", "GUESSED", "x", 1, 1, "x", 1, 50, 0, null,
        sample(null).configurations(), List.of(), List.of(1.0));
    Path file = tmp.resolve("bad.json");
    assertThatThrownBy(() -> bad.write(file)).hasMessageContaining("quality is GUESSED");
    assertThat(file).doesNotExist();
  }

  private static Path writeAndReturn(StreamRun run, Path file) {
    run.write(file);
    return file;
  }
}
