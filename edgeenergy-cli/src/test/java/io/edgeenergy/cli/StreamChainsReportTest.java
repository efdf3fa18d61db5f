package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance point "{@code edgeenergy report} on each stream chain produces an HTML file that the browser
 * test opens without errors": the real stream commands on one-minute streams (vision at 1 fps, to keep the
 * build fast) write their {@code --json}, the
 * report reads both files (kind detected from content), and headless Chromium opens the page: no console
 * message, every plot decoded; the screenshot stays in {@code target/stream-report-screenshot.png}.
 */
class StreamChainsReportTest {
  static final Path SCREENSHOT = Path.of("target", "stream-report-screenshot.png");

  @TempDir
  Path tmp;

  @Test
  void reportOnBothRealStreamChainsOpensCleanlyInABrowserWithEveryPlot() throws IOException {
    Path vision = tmp.resolve("vision.json");
    CliRun cli = new CliRun();
    assertThat(cli.run("stream", "vision", "--models", VisionStreamCommandTest.MODELS, "--minutes", "1",
        "--validation-minutes", "1", "--fps", "1", "--json", vision.toString())).as(cli.out + "\n" + cli.err).isZero();

    Path audio = tmp.resolve("audio.json");
    assertThat(cli.run("stream", "audio", "--models", "../models/audio", "--minutes", "1", "--backend", "tflite",
        "--json", audio.toString())).as(cli.out + "\n" + cli.err).isZero();

    Path html = tmp.resolve("streams.html");
    assertThat(cli.run("report", audio.toString(), vision.toString(), "-o", html.toString())).as(cli.err.toString())
        .isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    List<String> chains = List.of(StreamRun.AUDIO_KEYWORD, StreamRun.CAMERA_FACE);
    for (String chain : chains) {
      StreamRun run = StreamRun.read(chain.equals(StreamRun.AUDIO_KEYWORD) ? audio : vision);
      assertThat(page).contains("Stream " + chain).contains("chosen chain " + HtmlReport.escape(run.chosen().name()));
      for (String id : List.of("curve", "stages", "baselines", "battery", "budget")) {
        assertThat(page).contains("id=\"fig-" + chain + "-" + id + "\"");
      }
    }
    assertThat(page.lines().filter(l -> l.contains("<h2>")).toList()).as("quality on every figure title")
        .hasSize(5 * chains.size()).allMatch(l -> l.contains("(ESTIMATED)"));
    BrowserCheck.assertLoadsCleanly(html, 5 * chains.size(), SCREENSHOT, 3300 * chains.size());
  }
}
