package io.edgeenergy.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.edgeenergy.EdgeEnergyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Renders one self-contained HTML file (inline SVG plots, no script or font from the network) from the
 * {@code --json} output of {@code demo}, {@code simulate} and {@code profile}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "One self-contained HTML report (SVG plots) from demo/simulate/profile --json output.")
final class ReportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--demo", description = "JSON written by `edgeenergy demo --json`.")
  Path demoJson;

  @Option(names = "--simulate", description = "JSON written by `edgeenergy simulate --json` (Pareto front, latency, pressure).")
  Path simulateJson;

  @Option(names = "--profile", description = "JSON written by `edgeenergy profile --json`.")
  Path profileJson;

  @Option(names = "--run-demo", description = "Run the digits demo with a trace and simulate it first, then report on both.")
  boolean runDemo;

  @Option(names = "--models", defaultValue = "models/digits", description = "With --run-demo: the digits models (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  @Option(names = "--repeat", defaultValue = "5", description = "With --run-demo: passes over the test split (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = {"-o", "--output"}, defaultValue = "edgeenergy-report.html", description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (demoJson == null && simulateJson == null && profileJson == null && !runDemo) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give --run-demo, or at least one of --demo, --simulate, --profile (the --json files of those commands)");
    }
    OutputFile out = OutputFile.claim(output);
    if (runDemo) {
      runDemoAndSimulate();
    }
    System.setProperty("java.awt.headless", "true");   // XChart measures text with AWT; no display needed
    Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    DemoReport demo = read(gson, demoJson, DemoReport.class, "demo");
    SimulateReport sim = read(gson, simulateJson, SimulateReport.class, "simulate");
    ProfileReport profile = read(gson, profileJson, ProfileReport.class, "profile");
    out.write(HtmlReport.render(figures(demo, sim, profile), demo, sim, profile));
    PrintWriter w = spec.commandLine().getOut();
    w.println("Wrote " + output);
    return 0;
  }

  /** Runs {@code demo --trace} and {@code simulate} in this process, into files next to the report. */
  private void runDemoAndSimulate() throws IOException {
    String base = output.toString().replaceFirst("\\.html?$", "");
    demoJson = Path.of(base + ".demo.json");
    simulateJson = Path.of(base + ".simulate.json");
    Path trace = Path.of(base + ".trace.jsonl");
    picocli.CommandLine cli = EdgeEnergyCli.commandLine();
    cli.setOut(spec.commandLine().getOut());
    cli.setErr(spec.commandLine().getErr());
    if (cli.execute("demo", "--models", modelsDir.toString(), "--repeat", Integer.toString(repeat), "--no-progress",
        "--json", demoJson.toString(), "--trace", trace.toString()) != 0) {
      throw new EdgeEnergyException("the demo failed (see above); no report written");
    }
    double threshold = new Gson().fromJson(Files.readString(demoJson), DemoReport.class).cascadeThreshold();
    if (cli.execute("simulate", "--trace", trace.toString(), "--models", modelsDir.toString(), "--threshold",
        Double.toString(threshold), "--json", simulateJson.toString()) != 0) {
      throw new EdgeEnergyException("simulate failed (see above); no report written");
    }
  }

  static List<ReportFigures.Figure> figures(DemoReport demo, SimulateReport sim, ProfileReport profile) {
    List<ReportFigures.Figure> figs = new ArrayList<>();
    Double calibrated = demo != null && sim != null ? demo.cascadeThreshold() : null;
    if (sim != null) {
      figs.add(ReportFigures.pareto(sim, calibrated));
    }
    if (demo != null || sim != null) {
      figs.add(ReportFigures.tierJoules(demo, sim));
    }
    if (sim != null || profile != null) {
      figs.add(ReportFigures.latency(sim, profile));
    }
    if (demo != null) {
      figs.add(ReportFigures.battery(demo.rows().stream().map(DemoReport.Row::config).toList(),
          demo.rows().stream().map(DemoReport.Row::microjoules).toList(), demo.batteryJoules(), demo.meterQuality()));
    } else if (profile != null) {
      figs.add(ReportFigures.battery(List.of(profile.model()), List.of(profile.microjoulesPerInference()),
          profile.batteryWattHours() * 3600, profile.quality()));
    }
    if (sim != null) {
      figs.add(ReportFigures.pressure(sim));
      if (sim.stageMeans().size() > 1) {
        figs.add(ReportFigures.offload(sim.stageMeans().get(1).microjoules(), sim.quality()));
      }
    } else if (demo != null) {
      figs.add(ReportFigures.offload(demo.row("big only").microjoules(), demo.meterQuality()));
    }
    return figs;
  }

  private static <T> T read(Gson gson, Path file, Class<T> type, String command) {
    if (file == null) {
      return null;
    }
    try {
      T value = gson.fromJson(Files.readString(file), type);
      if (value == null) {
        throw new JsonParseException("empty file");
      }
      return value;
    } catch (IOException e) {
      throw new EdgeEnergyException("cannot read " + file + " (" + e.getMessage() + "): pass the file `edgeenergy "
          + command + " --json FILE` wrote");
    } catch (JsonParseException e) {
      throw new EdgeEnergyException(file + " is not the JSON of `edgeenergy " + command + " --json` (" + e.getMessage()
          + ")");
    }
  }
}
