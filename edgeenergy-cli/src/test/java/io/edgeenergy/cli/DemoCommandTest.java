package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the real demo on the real models (one pass) and checks what a user reads. */
class DemoCommandTest {
  private static final Path MODELS = Path.of("../models/digits");

  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void demoPrintsTheTableWithEstimatedFiguresAndWritesJson(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("demo.json");
    int code = run("demo", "--models", MODELS.toString(), "--repeat", "1", "--no-progress", "--json", json.toString());

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("tiny only", "big only", "cascade tiny->big", "cascade java->big", "Java tier:",
        "early exit", "Battery projection",
        "lasts", "hours at 1 inference/s");
    // this machine has no energy meter: no figure may claim to be measured (the meter list above
    // the table names measured candidates it rejected, so look at the figures only)
    String figures = text.substring(text.indexOf("Held-out"));
    assertThat(figures).doesNotContain("MEASURED").contains("ESTIMATED");

    DemoReport report = new Gson().fromJson(Files.readString(json), DemoReport.class);
    assertThat(report.rows()).hasSize(6);
    assertThat(report.backend()).isEqualTo("onnx");
    // the Java tier computes with the ONNX file's exact weights: the cascade keeps the big model's accuracy
    assertThat(report.row("cascade java->big").accuracy())
        .isGreaterThanOrEqualTo(report.row("big only").accuracy() - 0.01);
    assertThat(report.javaTinyMicrojoules()).as("plain Java, no runtime call").isPositive()
        .isLessThan(report.row("tiny only").microjoules());
    assertThat(report.testImages()).isEqualTo(540);
    // accuracy is deterministic: the models and the split are fixed (models/digits/metrics.json)
    assertThat(report.row("tiny only").accuracy()).isEqualTo(521 / 540.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.row("big only").accuracy()).isEqualTo(529 / 540.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.row("cascade tiny->big").accuracy()).isGreaterThanOrEqualTo(report.row("big only").accuracy() - 0.01);
    assertThat(report.row("early exit").accuracy()).isGreaterThanOrEqualTo(report.row("big only").accuracy() - 0.01);
    assertThat(report.row("cascade tiny->big").rate()).isBetween(0.0, 1.0);
    for (DemoReport.Row r : report.rows()) {
      assertThat(r.quality()).isEqualTo("ESTIMATED");
      assertThat(r.microjoules()).isPositive();
      assertThat(r.inferencesPerBattery()).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"onnx", "tflite"})
  void bothBackendsAddTheInt8VsFp32Comparison(String backend, @TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("demo.json");
    int code = run("demo", "--backend", backend, "--models", MODELS.toString(), "--repeat", "1", "--no-progress",
        "--json", json.toString());

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    long int8Bytes = Files.size(MODELS.resolve("digits_big_mlp_int8." + backend));
    long fp32Bytes = Files.size(MODELS.resolve("digits_big_mlp." + backend));
    assertThat(text).contains("backend " + backend, "big int8", "INT8 vs FP32, the big model",
        String.format(java.util.Locale.ROOT, "%,d B", int8Bytes), String.format(java.util.Locale.ROOT, "%,d B", fp32Bytes));
    DemoReport report = new Gson().fromJson(Files.readString(json), DemoReport.class);
    assertThat(report.backend()).isEqualTo(backend);
    assertThat(report.rows()).hasSize(6);
    assertThat(text).contains("cascade java->big");
    // the same fixed models and split as ONNX: the float32 files reproduce the ONNX accuracy exactly
    assertThat(report.row("tiny only").accuracy()).isEqualTo(521 / 540.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.row("big only").accuracy()).isEqualTo(529 / 540.0, org.assertj.core.data.Offset.offset(1e-9));
    DemoReport.Row int8 = report.row("big int8");
    assertThat(int8.accuracy()).isEqualTo(529 / 540.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(int8.quality()).isEqualTo("ESTIMATED");
    assertThat(int8.microjoules()).isPositive();
    assertThat(report.int8ModelBytes()).isEqualTo(int8Bytes);
    assertThat(report.fp32ModelBytes()).isEqualTo(fp32Bytes);
  }

  @Test
  void unknownBackendIsRejected() {
    int code = run("demo", "--backend", "coreml");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--backend").contains("onnx, tflite");
  }

  @Test
  void missingModelDirectoryIsAClearError(@TempDir Path tmp) {
    int code = run("demo", "--models", tmp.resolve("nope").toString(), "--no-progress");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nope").contains("digits");
  }

  @Test
  void badOptionValuesAreRejected() {
    int code = run("demo", "--repeat", "0");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--repeat");
  }
}
