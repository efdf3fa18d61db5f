package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `edgeenergy exits` on the committed multi-exit keyword model: what a user reads, and its refusals. */
class ExitsCommandTest {
  private static final Path MODELS = Path.of("../models/exits");

  private final CliRun cli = new CliRun();

  @Test
  void printsEveryPolicyNextToTheMonolithicModelAndTheOracleAndWritesJson(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("exits.json");
    int code = cli.run("exits", "--models", MODELS.toString(), "--warmup", "0", "--json", json.toString());

    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString()).contains("monolithic", "max-probability", "entropy", "margin", "patience k=2",
        "patience k=3", "max-prob. or patience k=2", "budget-aware max-probability", "oracle exit", "max-probability, live", "ESTIMATED");
    JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(report.getAsJsonArray("results")).hasSize(7);
    // accuracies are deterministic (fixed models and windows): the monolithic model on the test voices
    double mono = report.getAsJsonObject("monolithicTest").get("accuracy").getAsDouble();
    assertThat(mono).isCloseTo(0.7371, org.assertj.core.data.Offset.offset(0.005));
    double oracle = report.getAsJsonObject("oracleTest").get("accuracy").getAsDouble();
    assertThat(oracle).isGreaterThan(mono);
    // the choosing split: the validation voice (816) + five training voices' out-of-fold exits (5 x 816)
    assertThat(report.get("choosingSize").getAsInt()).isEqualTo(6 * 816);
    assertThat(cli.out.toString()).contains("Choosing split: the validation voice + 4080 out-of-fold windows of en-us,");
    var monoPerVoice = report.getAsJsonArray("monolithicPerVoice");
    assertThat(monoPerVoice).hasSize(6);
    for (var r : report.getAsJsonArray("results")) {
      // the rule: every voice of the choosing split within 1 point of its monolithic accuracy
      var perVoice = r.getAsJsonObject().getAsJsonArray("chosenPerVoice");
      for (int v = 0; v < 6; v++) {
        assertThat(perVoice.get(v).getAsDouble()).as("%s, voice %d", r.getAsJsonObject().get("family"), v)
            .isGreaterThanOrEqualTo(monoPerVoice.get(v).getAsDouble() - 0.01 - 1e-12);
      }
    }
    // the report recognizes the file and plots accuracy vs joules
    Path html = tmp.resolve("report.html");
    assertThat(cli.run("report", json.toString(), "-o", html.toString())).as(cli.err.toString()).isZero();
    assertThat(Files.readString(html)).contains("id=\"fig-exits-onnx\"", "Early exit on keywords, onnx", "data:image/png");
  }

  @Test
  void tfliteWithoutTheBuiltFilesSaysHowToBuildThem(@TempDir Path empty) {
    int code = cli.run("exits", "--models", empty.toString(), "--backend", "tflite");
    assertThat(code).isEqualTo(2);
    assertThat(cli.err.toString()).contains("build_tflite.sh");
  }

  @Test
  void aLossOutsideZeroToHundredPointsIsRefused() {
    assertThat(cli.run("exits", "--max-accuracy-loss", "150")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--max-accuracy-loss").contains("150");
  }
}
