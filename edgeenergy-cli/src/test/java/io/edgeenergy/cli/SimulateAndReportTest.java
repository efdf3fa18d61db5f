package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real digits demo records a trace once (2 passes over the held-out split); simulate replays it and
 * must reproduce the live cascade; bad traces and paths fail clearly and early; report renders it all.
 */
class SimulateAndReportTest {
  static final Path MODELS = Path.of("../models/digits");
  @TempDir
  static Path tmp;
  static Path trace;
  static Path demoJson;
  static DemoReport demo;

  @BeforeAll
  static void recordTheDigitsDemo() throws IOException {
    trace = tmp.resolve("digits.trace.jsonl");
    demoJson = tmp.resolve("demo.json");
    CliRun cli = new CliRun();
    int code = cli.run("demo", "--models", MODELS.toString(), "--repeat", "2", "--no-progress", "--json",
        demoJson.toString(), "--trace", trace.toString());
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString()).contains("Wrote trace " + trace + " (1080 inputs)");
    demo = new Gson().fromJson(Files.readString(demoJson), DemoReport.class);
  }

  private static SimulateReport simulate(CliRun cli, Path json, String... extra) throws IOException {
    String[] base = {"simulate", "--trace", trace.toString(), "--models", MODELS.toString(), "--json", json.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    assertThat(cli.run(args)).as(cli.err.toString()).isZero();
    return new Gson().fromJson(Files.readString(json), SimulateReport.class);
  }

  @Test
  void simulateReproducesTheLiveCascadeExactlyAndItsJoulesWithinFivePercent() throws IOException {
    String t = Double.toString(demo.cascadeThreshold());
    CliRun cli = new CliRun();
    SimulateReport sim = simulate(cli, tmp.resolve("exact.json"), "--policy", "max_probability", "--thresholds", t,
        "--threshold", t);
    DemoReport.Row live = demo.row("cascade tiny->big");
    TraceSimulation.Row replayed = sim.chosen();

    assertThat(sim.inputs()).isEqualTo(2 * 540);
    assertThat(replayed.accuracy()).isEqualTo(live.accuracy());
    assertThat(replayed.escalation()).isEqualTo(live.rate());
    assertThat(replayed.microjoules()).isCloseTo(live.microjoules(), within(0.05 * live.microjoules()));
    assertThat(replayed.quality()).isEqualTo("ESTIMATED");
    // the oracle bounds every policy: at least as accurate as the cascade, for no more energy than big only
    assertThat(sim.oracle().accuracy()).isGreaterThanOrEqualTo(replayed.accuracy());
    assertThat(cli.out.toString()).contains("<- chosen", "oracle");
  }

  @Test
  void aTruncatedTraceIsRefusedBeforeAnySimulation() throws IOException {
    List<String> lines = Files.readAllLines(trace);
    Path cut = tmp.resolve("cut.jsonl");
    Files.write(cut, lines.subList(0, 100));
    Path midLine = tmp.resolve("midline.jsonl");
    String text = Files.readString(trace);
    Files.writeString(midLine, text.substring(0, text.length() / 2));
    for (Path bad : List.of(cut, midLine)) {
      CliRun cli = new CliRun();
      assertThat(cli.run("simulate", "--trace", bad.toString())).isNotZero();
      assertThat(cli.err.toString()).contains(bad.toString()).contains("truncated").contains("record it again");
      assertThat(cli.out.toString()).doesNotContain("max_probability");
    }
  }

  @Test
  void aTraceFromAnotherModelIsRefused() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other-models"));
    Files.copy(MODELS.resolve("digits_tiny_logreg.onnx"), other.resolve("digits_tiny_logreg.onnx"));
    Files.copy(MODELS.resolve("digits_tiny_logreg.onnx"), other.resolve("digits_big_mlp.onnx"));   // not the big model
    CliRun cli = new CliRun();
    assertThat(cli.run("simulate", "--trace", trace.toString(), "--models", other.toString())).isNotZero();
    assertThat(cli.err.toString()).contains("is from another model").contains("digits_big_mlp.onnx")
        .contains("sha256").contains("edgeenergy demo --trace");
  }

  @Test
  void anUnwritableOutputFailsBeforeAnyWork() throws IOException {
    Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
    Path unwritable = notADir.resolve("out.json");   // a file's child: unwritable even for root
    for (String[] args : List.of(
        new String[] {"simulate", "--trace", trace.toString(), "--json", unwritable.toString()},
        new String[] {"report", "--demo", demoJson.toString(), "-o", unwritable.toString()},
        new String[] {"demo", "--models", MODELS.toString(), "--no-progress", "--trace", unwritable.toString()})) {
      CliRun cli = new CliRun();
      long start = System.nanoTime();
      assertThat(cli.run(args)).isNotZero();
      assertThat(cli.err.toString()).contains("cannot write " + unwritable).contains("nothing was run");
      assertThat(cli.out.toString()).doesNotContain("Calibrating", "max_probability");
      assertThat(System.nanoTime() - start).as("fails at once, not after the work").isLessThan(5_000_000_000L);
    }
  }

  @Test
  void reportRendersEveryFigureFromDemoAndSimulateInOneSelfContainedFile() throws IOException {
    CliRun cli = new CliRun();
    Path simJson = tmp.resolve("sim-for-report.json");
    simulate(cli, simJson, "--threshold", Double.toString(demo.cascadeThreshold()));
    Path html = tmp.resolve("report.html");
    assertThat(cli.run("report", "--demo", demoJson.toString(), "--simulate", simJson.toString(), "-o", html.toString()))
        .as(cli.err.toString()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    for (String id : List.of("pareto", "tiers", "latency", "battery", "pressure", "offload")) {
      assertThat(page).contains("id=\"fig-" + id + "\"");
    }
    assertThat(page.split("<img class=\"chart\"", -1)).hasSize(7);
    assertThat(page).doesNotContain("<svg");
    assertThat(page).contains(String.format(java.util.Locale.ROOT, "calibrated threshold %.3f", demo.cascadeThreshold()));
    assertThat(page.lines().filter(l -> l.contains("<h2>")).toList()).as("quality on every figure title").hasSize(6)
        .allMatch(l -> l.contains("ESTIMATED"));
    assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
    BrowserCheck.assertLoadsCleanly(html, 6);
  }

  @Test
  void reportRendersAProfileAlone() throws IOException {
    CliRun cli = new CliRun();
    Path json = tmp.resolve("profile.json");
    assertThat(cli.run("profile", MODELS.resolve("digits_big_mlp.onnx").toString(), "--runs", "200", "--warmup", "20",
        "--no-progress", "--json", json.toString())).as(cli.err.toString()).isZero();
    Path html = tmp.resolve("profile.html");
    assertThat(cli.run("report", "--profile", json.toString(), "-o", html.toString())).as(cli.err.toString()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page).contains("id=\"fig-latency\"", "id=\"fig-battery\"", "p50");
    BrowserCheck.assertLoadsCleanly(html, 2);
  }

  @Test
  void reportNamesAFileThatIsNotTheJsonItExpects() throws IOException {
    CliRun cli = new CliRun();
    assertThat(cli.run("report", "--simulate", trace.toString(), "-o", tmp.resolve("x.html").toString())).isNotZero();
    assertThat(cli.err.toString()).contains(trace.toString()).contains("edgeenergy simulate --json");
  }

  @Test
  void simulatePlotsItsOwnSweepAsHtml() throws IOException {
    CliRun cli = new CliRun();
    Path html = tmp.resolve("sim.html");
    assertThat(cli.run("simulate", "--trace", trace.toString(), "--policy", "max_probability,entropy", "--html",
        html.toString())).as(cli.err.toString()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    for (String id : List.of("pareto", "tiers", "latency", "pressure", "offload")) {
      assertThat(page).contains("id=\"fig-" + id + "\"");
    }
  }

  @Test
  void reportCanRunTheDemoItself() throws IOException {
    CliRun cli = new CliRun();
    Path html = tmp.resolve("direct/report.html");
    Files.createDirectories(html.getParent());
    assertThat(cli.run("report", "--run-demo", "--models", MODELS.toString(), "--repeat", "1", "-o", html.toString()))
        .as(cli.err.toString()).isZero();
    assertThat(tmp.resolve("direct/report.trace.jsonl")).exists();
    assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("id=\"fig-pareto\"", "id=\"fig-battery\"",
        "calibrated threshold");
  }
}
