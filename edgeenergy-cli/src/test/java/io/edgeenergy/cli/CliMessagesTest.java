package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #9 item 7: options are checked and named before any work starts, never an internal message. */
class CliMessagesTest {
  private final CliRun cli = new CliRun();

  @Test
  void anAbsurdAccuracyLossNamesTheOptionAndItsRange() {
    int code = cli.run("demo", "--models", "../models/digits", "--max-accuracy-loss", "1e9", "--no-progress");
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("--max-accuracy-loss must be in [0, 100]").contains("1.0E9")
        .doesNotContain("minAccuracy");
    assertThat(cli.out.toString()).as("no work started").doesNotContain("Meter:");
  }

  @Test
  void doctorOnAMissingSysfsRootFailsNamingThePath() {
    int code = cli.run("doctor", "--sys", "/nonexistent");
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("--sys /nonexistent").contains("no such directory");
    assertThat(cli.out.toString()).doesNotContain("VMs");
  }

  @Test
  void doctorOnAFileInsteadOfADirectorySaysSo(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("sys"), "not a tree");
    assertThat(cli.run("doctor", "--sys", file.toString())).isNotZero();
    assertThat(cli.err.toString()).contains("not a directory");
  }

  /** We run as root, so permission bits prove nothing: a path under a regular file is unwritable for anyone. */
  private static Path unwritable(Path tmp) throws IOException {
    return Files.writeString(tmp.resolve("regular-file"), "x").resolve("out.json");
  }

  @Test
  void demoChecksItsJsonFileBeforeTheWorkStarts(@TempDir Path tmp) throws IOException {
    Path json = unwritable(tmp);
    int code = cli.run("demo", "--models", "../models/digits", "--repeat", "1", "--no-progress", "--json", json.toString());
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("--json " + json).contains("not a directory");
    assertThat(cli.out.toString()).as("checked before the work").doesNotContain("Meter:");
  }

  @Test
  void profileChecksItsJsonFileBeforeTheWorkStarts(@TempDir Path tmp) throws IOException {
    Path json = tmp.resolve("missing-dir").resolve("out.json");
    int code = cli.run("profile", "../models/digits/digits_tiny_logreg.onnx", "--runs", "5", "--no-progress",
        "--json", json.toString());
    assertThat(code).isNotZero();
    assertThat(cli.err.toString()).contains("--json " + json).contains("does not exist");
    assertThat(cli.out.toString()).doesNotContain("Meter:");
  }

  @Test
  void calibrateChecksItsOutputFileFirst(@TempDir Path tmp) throws IOException {
    Path out = unwritable(tmp);
    assertThat(cli.run("calibrate", "--out", out.toString(), "--seconds", "1", "--no-progress")).isNotZero();
    assertThat(cli.err.toString()).contains("--out " + out).contains("not a directory");
  }

  @Test
  void aWritableJsonFileIsNotLeftBehindByTheCheck(@TempDir Path tmp) {
    Path json = tmp.resolve("out.json");
    picocli.CommandLine cmd = EdgeEnergyCli.commandLine();
    OutputFiles.requireWritable(cmd, "--json", json);
    assertThat(json).doesNotExist();
  }
}
