package io.edgeenergy.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays a recorded trace through gate policies and thresholds without running a model (like
 * Caffeine's cache simulator): accuracy, escalation and joules per inference for each, and the oracle.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Replay a recorded trace (edgeenergy demo --trace) through gate policies and thresholds, no model runs.")
final class SimulateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--trace", required = true, description = "The JSON Lines trace to replay.")
  Path tracePath;

  @Option(names = "--models", description = "Refuse the trace unless it was recorded with the model files in this directory.")
  Path modelsDir;

  @Option(names = "--policy", split = ",", defaultValue = "max_probability,margin,entropy",
      description = "Gate policies to sweep: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  List<TraceSimulation.Policy> policies;

  @Option(names = "--thresholds", split = ",",
      description = "Thresholds to sweep (default: 0.50, 0.51, ... 0.99, 0.995, 0.999).")
  List<Double> thresholds;

  @Option(names = "--threshold", defaultValue = "0.9",
      description = "The chosen threshold (e.g. the demo's calibrated one): its row is marked, and its stream detail kept (default: ${DEFAULT-VALUE}).")
  double chosen;

  @Option(names = "--json", description = "Also write the results as JSON (input for edgeenergy report).")
  Path json;

  @Option(names = "--html", description = "Also write the plots as one self-contained HTML page (as edgeenergy report).")
  Path html;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    OutputFile jsonOut = json == null ? null : OutputFile.claim(json);   // refuse an unwritable path before any work
    OutputFile htmlOut = html == null ? null : OutputFile.claim(html);
    TraceFile trace = TraceFile.read(tracePath);
    if (modelsDir != null) {
      trace.requireModelsIn(modelsDir);
    }
    List<Double> ts = thresholds != null ? thresholds : defaultThresholds();
    if (!ts.contains(chosen)) {
      ts = new ArrayList<>(ts);
      ts.add(chosen);
      ts.sort(Double::compare);
    }
    TraceSimulation sim = new TraceSimulation(trace);
    out.printf(Locale.ROOT, "Trace %s: %d inputs, tiers %s, meter %s (%s)%n", tracePath, trace.inputs(),
        trace.tierNames(), trace.meter(), trace.quality());
    List<TraceSimulation.Row> rows = new ArrayList<>();
    String fmt = "%-16s %9s %9s %10s %14s %12s  %s%n";
    out.printf(Locale.ROOT, fmt, "policy", "threshold", "accuracy", "escalated", "energy/inf", "latency/inf", "quality");
    for (TraceSimulation.Policy p : policies) {
      for (double t : ts) {
        TraceSimulation.Row r = sim.run(p, t);
        rows.add(r);
        print(out, fmt, r, t == chosen && p == policies.get(0) ? "  <- chosen" : "");
      }
    }
    TraceSimulation.Row oracle = sim.oracle();
    print(out, fmt, oracle, "  (clairvoyant bound: cheapest correct tier per input)");
    TraceSimulation.Stream stream = sim.stream(policies.get(0).gate(chosen), Duration.ofSeconds(1));
    SimulateReport report = new SimulateReport(tracePath.toString(), trace.meter(), trace.quality(), trace.inputs(),
        trace.tierNames(), policies.get(0).name(), chosen, rows, oracle, stream.latencyMicros(), stream.pressure(),
        stream.budget(), SimulateReport.stageMeans(trace));
    if (jsonOut != null) {
      jsonOut.write(new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create().toJson(report));
      out.println("Wrote " + json);
    }
    if (htmlOut != null) {
      System.setProperty("java.awt.headless", "true");
      htmlOut.write(HtmlReport.render(ReportCommand.figures(null, report, null), null, report, null));
      out.println("Wrote " + html);
    }
    return 0;
  }

  private static void print(PrintWriter out, String fmt, TraceSimulation.Row r, String note) {
    out.printf(Locale.ROOT, fmt, r.policy().toLowerCase(Locale.ROOT),
        Double.isNaN(r.threshold()) ? "-" : String.format(Locale.ROOT, "%.3f", r.threshold()),
        String.format(Locale.ROOT, "%.2f %%", 100 * r.accuracy()), String.format(Locale.ROOT, "%.1f %%", 100 * r.escalation()),
        String.format(Locale.ROOT, "%.3f µJ", r.microjoules()), String.format(Locale.ROOT, "%.1f µs", r.latencyMicros()),
        r.quality() + note);
  }

  static List<Double> defaultThresholds() {
    List<Double> ts = new ArrayList<>();
    for (double c : io.edgeenergy.policy.ThresholdCalibration.defaultCandidates()) {
      ts.add(c);
    }
    return ts;
  }
}
