package io.edgeenergy.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Renders one self-contained HTML file (embedded PNG plots, no script or font from the network) from the
 * {@code --json} output of {@code demo}, {@code simulate}, {@code profile}, {@code stream audio|vision} and {@code exits}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "One self-contained HTML report (plots) from demo/simulate/profile/stream/exits --json output.")
final class ReportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--demo", description = "JSON written by `edgeenergy demo --json`.")
  Path demoJson;

  @Option(names = "--simulate", description = "JSON written by `edgeenergy simulate --json` (Pareto front, latency, pressure).")
  Path simulateJson;

  @Option(names = "--profile", description = "JSON written by `edgeenergy profile --json`.")
  Path profileJson;

  @Option(names = "--stream", description = "JSON written by `edgeenergy stream audio|vision --json` (repeatable).")
  List<Path> streamJsons = new ArrayList<>();

  @Option(names = "--exits", description = "JSON written by `edgeenergy exits --json` (repeatable: one per backend).")
  List<Path> exitsJsons = new ArrayList<>();

  @Parameters(arity = "0..*", paramLabel = "FILE",
      description = "--json files of demo, simulate, profile or stream, in any order: the kind is read from each file.")
  List<Path> files = new ArrayList<>();

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
    if (demoJson == null && simulateJson == null && profileJson == null && streamJsons.isEmpty() && exitsJsons.isEmpty()
        && files.isEmpty() && !runDemo) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --run-demo, or --json files of demo, "
          + "simulate, profile, stream or exits (as FILE arguments, or with --demo, --simulate, --profile, --stream, --exits)");
    }
    for (Path f : files) {
      sort(f);
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
    List<StreamRun> streams = streamJsons.stream().map(StreamRun::read).toList();
    List<ReportFigures.Figure> figs = figures(demo, sim, profile);
    streams.forEach(r -> figs.addAll(StreamFigures.all(r)));
    exitsJsons.forEach(f -> figs.add(ExitsFigure.curve(ExitsFigure.read(f))));
    out.write(HtmlReport.render(figs, demo, sim, profile, streams));
    PrintWriter w = spec.commandLine().getOut();
    w.println("Wrote " + output);
    return 0;
  }

  /** Puts a FILE argument where its kind belongs, read from its content; a clear error if it is none of them. */
  private void sort(Path file) {
    JsonObject json;
    try {
      JsonElement e = JsonParser.parseString(Files.readString(file));
      if (!e.isJsonObject()) {
        throw new JsonParseException("not a JSON object");
      }
      json = e.getAsJsonObject();
    } catch (IOException e) {
      throw new EdgeEnergyException("cannot read " + file + " (" + e + "): pass a file a command's --json wrote");
    } catch (JsonParseException e) {
      throw new EdgeEnergyException(file + " is truncated or not JSON (" + e.getMessage() + "): pass a file `edgeenergy "
          + "demo|simulate|profile|stream ... --json FILE` wrote");
    }
    JsonElement format = json.get("format");
    if (format != null && format.isJsonPrimitive() && format.getAsString().startsWith("edgeenergy-stream-run")) {
      streamJsons.add(file);
    } else if (format != null && format.isJsonPrimitive() && format.getAsString().equals(ExitsFigure.FORMAT)) {
      exitsJsons.add(file);
    } else if (json.has("cascadeThreshold")) {
      demoJson = single(demoJson, file, "demo");
    } else if (json.has("chosenPolicy")) {
      simulateJson = single(simulateJson, file, "simulate");
    } else if (json.has("latencyMicros")) {
      profileJson = single(profileJson, file, "profile");
    } else {
      throw new EdgeEnergyException(file + " is not the --json of demo, simulate, profile or stream, nor of exits (its fields: "
          + json.keySet() + "); nothing was written");
    }
  }

  private Path single(Path already, Path file, String kind) {
    if (already != null) {
      throw new EdgeEnergyException("two " + kind + " files: " + already + " and " + file + "; the report takes one");
    }
    return file;
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
