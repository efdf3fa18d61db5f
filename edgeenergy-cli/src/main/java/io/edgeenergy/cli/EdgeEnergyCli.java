package io.edgeenergy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgeenergy} command line. */
@Command(name = "edgeenergy", mixinStandardHelpOptions = true, version = "edgeenergy 0.1.0",
    description = "Energy-aware on-device inference: demos and tools.",
    subcommands = {DemoCommand.class, DoctorCommand.class, CalibrateCommand.class, ProfileCommand.class, StreamCommand.class,
        SimulateCommand.class, ReportCommand.class, ExitsCommand.class, ExitDayCommand.class,
        CommandLine.HelpCommand.class})
public final class EdgeEnergyCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line; tests drive it without exiting the JVM. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EdgeEnergyCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true); // e.g. profile --inputs zeros
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("edgeenergy: " + e.getMessage());
      return 2;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
