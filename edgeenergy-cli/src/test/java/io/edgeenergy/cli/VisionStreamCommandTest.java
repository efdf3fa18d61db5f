package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short CI form of {@code edgeenergy stream vision}: 3-minute validation and test streams. The
 * full run (60 + 60 min) is in docs/BENCHMARKS.md.
 */
class VisionStreamCommandTest {
  static final String MODELS = "../models/vision";

  @Test
  void chainKeepsRecallAtAFractionOfTheJoulesAndWritesTheStreamRun(@TempDir Path dir) {
    CliRun cli = new CliRun();
    Path json = dir.resolve("vision.json");
    int code = cli.run("stream", "vision", "--models", MODELS, "--minutes", "3", "--validation-minutes", "3", "--curve",
        "--validation-seeds", "1,11,21", "--json", json.toString(), "--scores-dir", dir.resolve("scores").toString());
    String out = cli.out.toString();
    assertThat(code).as(out + cli.err).isZero();
    assertThat(out).contains("ESTIMATED").contains("Pareto front").contains("<- chosen")
        .contains("validation (3 streams pooled)");
    double[] always = row(out, "always back 256");
    double[] chain = row(out, "motion -> front 128 -> back 256");
    double[] oracle = row(out, "oracle gate -> back 256");
    assertThat(chain[0]).as("chain recall vs always-256").isGreaterThanOrEqualTo(always[0] - 1e-9 - 100.0 / 3);
    assertThat(always[2] / chain[2]).as("J/h ratio always-256 / chain").isGreaterThan(3);
    assertThat(oracle[2]).as("the oracle is the cheapest way to run the back model").isLessThan(always[2]);
    Matcher live = Pattern.compile("recall ([0-9.]+) % \\(\\d+/\\d+; replay: ([0-9.]+) %\\)").matcher(out);
    assertThat(live.find()).as(out).isTrue();
    assertThat(live.group(1)).as("the live chain on the pipeline finds what the replay predicts").isEqualTo(live.group(2));

    assertThat(dir.resolve("scores")).as("every stream's scores kept for the next run")
        .isDirectoryContaining("glob:**/doorbell-seed1-3min-2fps-120vph.csv")
        .isDirectoryContaining("glob:**/doorbell-seed2-3min-2fps-48vph.csv");

    StreamRun run = StreamRun.read(json);
    assertThat(run.chain()).isEqualTo(StreamRun.CAMERA_FACE);
    assertThat(run.quality()).isEqualTo("ESTIMATED");
    assertThat(run.configurations()).hasSize(5);
    assertThat(run.chosen().role()).isEqualTo(StreamRun.Config.CHAIN);
    assertThat(run.chosen().joulesPerHour()).isCloseTo(chain[2], org.assertj.core.data.Offset.offset(0.01));
    assertThat(run.chosen().stages()).extracting(StreamRun.StageShare::stage)
        .containsExactly("motion gate", "BlazeFace 128", "BlazeFace 256");
    assertThat(run.byRole(StreamRun.Config.EVERY_FRAME).joulesPerHour()).isCloseTo(always[2],
        org.assertj.core.data.Offset.offset(0.01));
    assertThat(run.validationCurve()).filteredOn(StreamRun.CurvePoint::chosen).hasSize(1);
    assertThat(run.joulesPerMinute()).hasSize(3).allSatisfy(j -> assertThat(j).isPositive());
    assertThat(run.batteryWattHours()).isEqualTo(50);
  }

  @Test
  void tfliteSaysWhyBlazeFaceDoesNotConvert() {
    CliRun cli = new CliRun();
    int code = cli.run("stream", "vision", "--models", MODELS, "--backend", "tflite");
    assertThat(code).isEqualTo(3);
    assertThat(cli.out.toString()).contains("Conv").contains("MaxPool").contains("--backend onnx");
  }

  @Test
  void sameSeedForBothStreamsIsRefused() {
    CliRun cli = new CliRun();
    assertThat(cli.run("stream", "vision", "--models", MODELS, "--seed", "5", "--validation-seeds", "1,5")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--seed must not be one of --validation-seeds");
    CliRun several = new CliRun();
    assertThat(several.run("stream", "vision", "--models", MODELS, "--seed", "2,5", "--validation-seeds", "1,5"))
        .as("every test seed is checked").isEqualTo(2);
  }

  @Test
  void jsonTakesOneTestSeed(@TempDir Path dir) {
    CliRun cli = new CliRun();
    assertThat(cli.run("stream", "vision", "--models", MODELS, "--seed", "2,3", "--json", dir.resolve("v.json").toString()))
        .isEqualTo(2);
    assertThat(cli.err.toString()).contains("give one --seed");
    CliRun noLive = new CliRun();
    assertThat(noLive.run("stream", "vision", "--models", MODELS, "--no-live", "--json", dir.resolve("v.json").toString()))
        .isEqualTo(2);
    assertThat(cli.out.toString()).doesNotContain("Rendering");
  }

  @Test
  void anUnwritableJsonPathFailsBeforeAnyStreamIsRendered(@TempDir Path dir) {
    CliRun cli = new CliRun();
    Path json = dir.resolve("no-such-dir").resolve("vision.json");
    assertThat(cli.run("stream", "vision", "--models", MODELS, "--minutes", "3", "--json", json.toString())).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--json").contains("does not exist");
    assertThat(cli.out.toString()).doesNotContain("Rendering");
  }

  /** recall %, false alarms/h, J/h of a table row. */
  static double[] row(String out, String label) {
    Matcher m = Pattern.compile(Pattern.quote(label) + " +([0-9.]+)% +([0-9.]+) +([0-9.]+) ").matcher(out);
    assertThat(m.find()).as("row '%s' in%n%s", label, out).isTrue();
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
  }
}
