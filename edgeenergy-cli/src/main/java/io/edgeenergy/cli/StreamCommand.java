package io.edgeenergy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edgeenergy stream}: always-on chains on bundled streams (one subcommand per chain). */
@Command(name = "stream", mixinStandardHelpOptions = true,
    description = "Always-on chains on bundled streams: recall, false alarms, joules per hour, battery life.",
    subcommands = {StreamAudioCommand.class, VisionStreamCommand.class})
public final class StreamCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
