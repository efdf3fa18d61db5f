package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code edgeenergy stream audio} on one-minute streams with the TensorFlow Lite keyword model (the
 * one-hour run is the command's default; see docs/BENCHMARKS.md).
 */
class StreamAudioCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void runsTheChainsWithTheTfliteKeywordModelAndLabelsEnergyEstimated() {
    int code = cli.run("stream", "audio", "--models", "../models/audio", "--minutes", "1", "--backend", "tflite");
    assertThat(code).as(cli.err.toString()).isZero();
    String out = cli.out.toString();
    assertThat(out).contains("keyword_mlp.tflite").contains("keyword model every frame")
        .contains("energy -> VAD -> keyword").contains("oracle gate").contains("ESTIMATED")
        .contains("calibrated on validation");
  }

  @Test
  void aMissingModelDirectoryIsNamed() {
    int code = cli.run("stream", "audio", "--models", "no/such/dir", "--minutes", "1");
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("no/such/dir");
  }
}
