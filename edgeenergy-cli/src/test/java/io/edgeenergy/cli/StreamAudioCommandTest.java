package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgeenergy stream audio} on one-minute streams with the TensorFlow Lite keyword model (the
 * one-hour run is the command's default; see docs/BENCHMARKS.md).
 */
class StreamAudioCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void runsTheChainsWithTheTfliteKeywordModelAndWritesTheStreamRunJson(@TempDir Path dir) {
    Path json = dir.resolve("audio.json");
    int code = cli.run("stream", "audio", "--models", "../models/audio", "--minutes", "1", "--backend", "tflite",
        "--json", json.toString());
    assertThat(code).as(cli.err.toString()).isZero();
    String out = cli.out.toString();
    assertThat(out).contains("keyword_mlp.tflite").contains("keyword model every frame")
        .contains("energy -> VAD -> keyword").contains("oracle gate").contains("ESTIMATED")
        .contains("calibrated on validation").contains("chosen chain");

    StreamRun run = StreamRun.read(json);
    assertThat(run.chain()).isEqualTo(StreamRun.AUDIO_KEYWORD);
    assertThat(run.quality()).isEqualTo("ESTIMATED");
    assertThat(run.device()).contains("raspberry-pi-5");
    assertThat(run.configurations()).extracting(StreamRun.Config::role).containsExactly("every-frame", "chain", "chain",
        "chain", "oracle");
    StreamRun.Config chosen = run.chosen();
    assertThat(chosen.role()).isEqualTo("chain");
    assertThat(out).contains("* " + chosen.name());
    // the stage shares add up to the configuration's joules, and the chosen chain's minute is its hour / 60
    assertThat(chosen.stages().stream().mapToDouble(StreamRun.StageShare::joulesPerHour).sum())
        .isCloseTo(chosen.joulesPerHour(), within(1e-9 + 1e-9 * chosen.joulesPerHour()));
    assertThat(run.joulesPerMinute()).hasSize(1);
    assertThat(run.joulesPerMinute().get(0) * 60).isCloseTo(chosen.joulesPerHour(), within(1e-6 * chosen.joulesPerHour() + 1e-12));
    assertThat(run.byRole("every-frame").stages()).extracting(StreamRun.StageShare::stage)
        .containsExactly("log-mel", "keyword");
    assertThat(run.byRole("oracle").stages()).extracting(StreamRun.StageShare::stage)
        .containsExactly("log-mel", "keyword");   // the oracle's own gate is free
    assertThat(run.validationCurve()).isNotEmpty();
  }

  /** The default keyword model is the one with the best test-stream recall (the 5.9k DS-CNN), so no cascade by default. */
  @Test
  void theDefaultKeywordModelIsTheSmallDsCnnAndDsCnnSAddsTheCascade() {
    assertThat(cli.run("stream", "audio", "--models", "../models/audio", "--minutes", "1")).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString()).contains("keyword model keyword_dscnn_small.onnx")
        .doesNotContain("energy -> screen -> keyword");
  }

  @Test
  void anUnwritableJsonPathFailsBeforeAnyWork(@TempDir Path dir) throws java.io.IOException {
    Path plain = java.nio.file.Files.writeString(dir.resolve("plain"), "x");
    Path json = plain.resolve("audio.json");   // a file's child: unwritable even for root
    long t0 = System.nanoTime();
    int code = cli.run("stream", "audio", "--models", "../models/audio", "--minutes", "60", "--json", json.toString());
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("--json").contains(json.toString());
    assertThat(cli.out.toString()).doesNotContain("validation:");   // no stream was built
    assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);  // an hour-long run would take minutes
  }

  @Test
  void aMissingModelDirectoryIsNamed() {
    int code = cli.run("stream", "audio", "--models", "no/such/dir", "--minutes", "1");
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("no/such/dir");
  }
}
