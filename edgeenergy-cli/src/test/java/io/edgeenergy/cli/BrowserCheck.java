package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a page in real headless Chromium (Debian's {@code chromium}): the DOM after scripts ran, every
 * console message (the page writes none, so any is an error), and a screenshot kept under
 * {@code target/} as a build artifact. Skips, saying why, only when chromium is not installed.
 */
final class BrowserCheck {
  static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

  private BrowserCheck() {}

  static void assertLoadsCleanly(Path html, int plots) throws IOException {
    assertLoadsCleanly(html, plots, SCREENSHOT, 3400);
  }

  /** As above, the screenshot to {@code screenshot}, {@code height} CSS pixels tall. */
  static void assertLoadsCleanly(Path html, int plots, Path screenshot, int height) throws IOException {
    Path chromium = Path.of("/usr/bin/chromium");
    Assumptions.assumeTrue(Files.isExecutable(chromium),
        "chromium is not installed (/usr/bin/chromium): skipping the browser check; apt-get install -y chromium");
    String url = html.toAbsolutePath().toUri().toString();
    Result dom = run(chromium, "--dump-dom", url);
    assertThat(dom.stdout).as("the page's DOM after its scripts ran").contains("data-plots-drawn=\"" + plots + "/" + plots + "\"");
    assertThat(dom.stderr.lines().filter(l -> l.contains(":CONSOLE")).toList()).as("console messages").isEmpty();
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Files.deleteIfExists(screenshot);
    Result shot = run(chromium, "--screenshot=" + screenshot.toAbsolutePath(), "--window-size=900," + height,
        "--hide-scrollbars", url);
    assertThat(screenshot).as(shot.stderr).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(20_000);
  }

  private record Result(String stdout, String stderr) {}

  private static Result run(Path chromium, String... args) throws IOException {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish within 120 s: " + cmd);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for chromium", e);
    }
    return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
