package io.edgeenergy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code edgeenergy} command line in-process and keeps what it printed, for tests. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Executes {@code args}; returns the exit code. Output accumulates over calls. */
  int run(String... args) {
    CommandLine cli = EdgeEnergyCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
