package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.cli.StreamRun.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgeenergy report} on a stream run file (the schema's sample; the real stream commands feed it in
 * {@link StreamChainsReportTest}, which also opens the page in a browser): the kind is detected, every stream figure is drawn with its quality, and
 * the battery model agrees with the run's own figures.
 */
class StreamReportTest {
  @TempDir
  Path tmp;

  @Test
  void aStreamFileGivenAsAPlainArgumentIsDetectedAndDrawnInFiveFigures() throws IOException {
    Path json = tmp.resolve("vision.json");
    StreamRunTest.sample(30.0).write(json);
    Path html = tmp.resolve("r.html");
    CliRun cli = new CliRun();
    assertThat(cli.run("report", json.toString(), "-o", html.toString())).as(cli.err.toString()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    for (String id : List.of("curve", "stages", "baselines", "battery", "budget")) {
      assertThat(page).contains("id=\"fig-camera-face-" + id + "\"");
    }
    assertThat(page.lines().filter(l -> l.contains("<h2>")).toList()).hasSize(5).allMatch(l -> l.contains("(ESTIMATED)"));
    assertThat(page).contains("the chosen point (front 0.60)").contains("8.0x fewer joules than always back 256")
        .contains("budget 30.000 J/h").doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void theBatteryCurvePassesThroughTheRunsOwnFigureAtTheStreamsEventRate() {
    StreamRun run = StreamRunTest.sample(null);
    Config chosen = run.chosen();
    // always-on = the motion gate (duty 1.0); the rest is charged to the stream's 12 events per hour
    assertThat(StreamFigures.alwaysOnJoulesPerHour(chosen)).isEqualTo(0.5);
    assertThat(StreamFigures.joulesPerEvent(chosen, run.eventsPerHour())).isCloseTo(4.5 / 12, within(1e-12));
    double expected = run.batteryWattHours() * 3600 / (run.basePowerWatts() * 3600 + chosen.joulesPerHour());
    assertThat(StreamFigures.batteryHours(run, chosen, run.eventsPerHour())).isCloseTo(expected, within(1e-9));
    assertThat(StreamFigures.batteryHours(run, chosen, 1000)).as("more events, shorter life")
        .isLessThan(StreamFigures.batteryHours(run, chosen, 1));
    Config every = run.byRole(Config.EVERY_FRAME);
    assertThat(StreamFigures.batteryHours(run, every, 1000)).as("every frame costs the same whatever the events")
        .isEqualTo(StreamFigures.batteryHours(run, every, 1));
  }

  @Test
  void aFileOfNoKnownKindIsNamedWithItsFields() throws IOException {
    Path other = Files.writeString(tmp.resolve("other.json"), "{\"hello\": 1}");
    CliRun cli = new CliRun();
    assertThat(cli.run("report", other.toString(), "-o", tmp.resolve("x.html").toString())).isNotZero();
    assertThat(cli.err.toString()).contains(other.toString()).contains("not the --json of demo, simulate, profile or stream")
        .contains("hello");
    Path cut = Files.writeString(tmp.resolve("cut.json"), "{\"format\": \"edgeenergy-stream-run/1\", \"chain\":");
    assertThat(cli.run("report", "--stream", cut.toString(), "-o", tmp.resolve("y.html").toString())).isNotZero();
    assertThat(cli.err.toString()).contains(cut.toString()).contains("truncated").contains("stream vision --json FILE");
  }
}
