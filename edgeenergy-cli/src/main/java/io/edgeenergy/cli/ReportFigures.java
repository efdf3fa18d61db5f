package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.policy.OffloadGate;
import io.edgeenergy.policy.OffloadGate.RadioLink;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's figures for demo, simulate and profile runs, drawn with XChart (see {@link Charts}): each one
 * a title that carries the figures' quality (MEASURED/ESTIMATED), the chart, and a caption saying what it
 * assumes. The stream chains' figures are in {@link StreamFigures}.
 */
final class ReportFigures {
  /** One figure of the report: {@code img} is the chart's {@code <img>} element. */
  record Figure(String id, String title, String img, String caption) {}

  private ReportFigures() {}

  /** Accuracy vs µJ per inference of every simulated policy/threshold, the Pareto front, the chosen point and the oracle. */
  static Figure pareto(SimulateReport sim, Double calibrated) {
    XYChart c = Charts.xy("Accuracy vs energy per inference (" + sim.quality() + ")", "µJ per inference", "accuracy (%)");
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    for (String policy : sim.rows().stream().map(TraceSimulation.Row::policy).distinct().toList()) {
      List<TraceSimulation.Row> rows = sim.rows().stream().filter(r -> r.policy().equals(policy)).toList();
      c.addSeries(policy.toLowerCase(Locale.ROOT), rows.stream().map(TraceSimulation.Row::microjoules).toList(),
          rows.stream().map(r -> 100 * r.accuracy()).toList()).setMarker(SeriesMarkers.CIRCLE);
    }
    List<TraceSimulation.Row> front = paretoFront(sim.rows());
    c.addSeries("Pareto", front.stream().map(TraceSimulation.Row::microjoules).toList(),
        front.stream().map(r -> 100 * r.accuracy()).toList()).setXYSeriesRenderStyle(XYSeriesRenderStyle.Line)
        .setMarker(SeriesMarkers.NONE);
    TraceSimulation.Row chosen = sim.chosen();
    c.addSeries(String.format(Locale.ROOT, "%s %.3f", calibrated != null ? "calibrated" : "chosen", chosen.threshold()),
        new double[] {chosen.microjoules()}, new double[] {100 * chosen.accuracy()}).setMarker(SeriesMarkers.DIAMOND)
        .setMarkerColor(Color.RED);
    c.addSeries("oracle", new double[] {sim.oracle().microjoules()}, new double[] {100 * sim.oracle().accuracy()})
        .setMarker(SeriesMarkers.TRIANGLE_UP).setMarkerColor(Color.BLACK);
    return new Figure("pareto", c.getTitle(), Charts.img(c), String.format(Locale.ROOT,
        "%d policy/threshold pairs replayed on %d recorded inputs (edgeenergy simulate); the %s threshold %.3f "
            + "(%s) gives %.2f %% at %.3f µJ, %.1f %% escalated. Oracle: cheapest correct tier per input.",
        sim.rows().size(), sim.inputs(), calibrated != null ? "calibrated" : "chosen", chosen.threshold(),
        chosen.policy().toLowerCase(Locale.ROOT), 100 * chosen.accuracy(),
        chosen.microjoules(), 100 * chosen.escalation()));
  }

  /** Non-dominated rows: no other row is at least as accurate for fewer joules. */
  static List<TraceSimulation.Row> paretoFront(List<TraceSimulation.Row> rows) {
    List<TraceSimulation.Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(TraceSimulation.Row::microjoules)
        .thenComparing(Comparator.comparingDouble(TraceSimulation.Row::accuracy).reversed()));
    List<TraceSimulation.Row> front = new ArrayList<>();
    double best = -1;
    for (TraceSimulation.Row r : sorted) {
      if (r.accuracy() > best) {
        front.add(r);
        best = r.accuracy();
      }
    }
    return front;
  }

  /** µJ per inference of each demo configuration, and each tier's mean per run from the trace. */
  static Figure tierJoules(DemoReport demo, SimulateReport sim) {
    String quality = demo != null ? demo.meterQuality() : sim.quality();
    CategoryChart c = Charts.category("Energy per inference and per tier (" + quality + ")", "", "µJ");
    if (demo != null) {
      c.addSeries("per inference (demo, " + demo.meterQuality() + ")", demo.rows().stream().map(DemoReport.Row::config).toList(),
          demo.rows().stream().map(r -> (Number) r.microjoules()).toList());
    }
    if (sim != null) {
      c.addSeries("per run of each tier (trace, " + sim.quality() + ")",
          sim.stageMeans().stream().map(m -> "tier " + m.tier()).toList(),
          sim.stageMeans().stream().map(m -> (Number) m.microjoules()).toList());
    }
    c.getStyler().setOverlapped(false);
    return new Figure("tiers", c.getTitle(), Charts.img(c), demo != null
        ? "Demo: " + demo.testImages() + " held-out images x " + demo.passes() + " passes, meter " + demo.meter() + ", metering "
            + demo.metering() + "." : "From the recorded trace.");
  }

  /** Histogram of per-input latency at the chosen threshold (from the trace), with a profile's percentiles if given. */
  static Figure latency(SimulateReport sim, ProfileReport profile) {
    if (sim != null) {
      // clipped at the 99th percentile: one preempted run would otherwise squeeze every other bar into one
      double[] sorted = sim.streamLatencyMicros().clone();
      java.util.Arrays.sort(sorted);
      double p99 = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
      List<Double> data = new ArrayList<>();
      for (double d : sorted) {
        if (d <= p99) {
          data.add(d);
        }
      }
      Histogram h = new Histogram(data, 30);
      CategoryChart c = Charts.category("Latency per inference at the chosen threshold (" + sim.quality()
          + " energy run)", "µs", "inputs");
      c.getStyler().setAvailableSpaceFill(0.96).setOverlapped(true).setXAxisDecimalPattern("#0.0")
          .setXAxisLabelRotation(45);
      c.addSeries("inputs", h.getxAxisData(), h.getyAxisData());
      return new Figure("latency", c.getTitle(), Charts.img(c), String.format(Locale.ROOT, "Recorded model wall time of the "
          + "tiers each input ran (a cascade is bimodal: tiny only, or tiny then big), up to the 99th percentile "
          + "(%.1f µs); the slowest 1 %% reach %.1f µs.", p99, sorted[sorted.length - 1]));
    }
    CategoryChart c = Charts.category("Latency of " + profile.model() + " (" + profile.quality() + " energy run)", "",
        "µs");
    ProfileReport.Latency l = profile.latencyMicros();
    c.addSeries("latency", List.of("min", "p50", "p90", "p99", "max"), List.of(l.min(), l.p50(), l.p90(), l.p99(), l.max()));
    return new Figure("latency", c.getTitle(), Charts.img(c), profile.timedRuns() + " timed runs (edgeenergy profile).");
  }

  /** Battery life against event rate, inference energy only, one line per configuration. */
  static Figure battery(List<String> names, List<Double> microjoules, double batteryJoules, String quality) {
    XYChart c = Charts.xy("Battery life vs event rate (" + quality + ", inference energy only)", "inferences per hour", "hours");
    c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    double[] rates = {1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 36_000};
    for (int k = 0; k < names.size(); k++) {
      double[] hours = new double[rates.length];
      for (int i = 0; i < rates.length; i++) {
        hours[i] = batteryJoules / (rates[i] * microjoules.get(k) * 1e-6);
      }
      c.addSeries(names.get(k), rates, hours).setMarker(SeriesMarkers.NONE);
    }
    return new Figure("battery", c.getTitle(), Charts.img(c), String.format(Locale.ROOT, "A %.0f J battery spent on "
        + "inference alone; a device's idle power is not included and usually dominates at low rates.", batteryJoules));
  }

  /** The budget's pressure as the trace is replayed as a stream at the chosen threshold. */
  static Figure pressure(SimulateReport sim) {
    XYChart c = Charts.xy("Budget pressure over the stream (" + sim.quality() + ")", "input", "pressure (0..1)");
    double[] x = new double[sim.streamPressure().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    c.addSeries(sim.chosenPolicy().toLowerCase(Locale.ROOT) + " " + sim.chosenThreshold(), x, sim.streamPressure())
        .setMarker(SeriesMarkers.NONE);
    c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return new Figure("pressure", c.getTitle(), Charts.img(c), "Budget: " + sim.streamBudget() + ".");
  }

  /** Radio energy vs payload size per link, against the next tier's local joules: where offloading would pay. */
  static Figure offload(double localMicrojoules, String quality) {
    XYChart c = Charts.xy("Offload gate: radio energy vs payload (local tier " + quality + ")", "payload (bytes)", "J per input");
    c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    double[] sizes = {10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
    StringBuilder crossovers = new StringBuilder();
    Energy local = Energy.ofNanojoules(Math.round(localMicrojoules * 1e3));
    for (RadioLink link : List.of(RadioLink.LTE, RadioLink.NR_5G, RadioLink.WIFI, RadioLink.BLE)) {
      double[] joules = new double[sizes.length];
      for (int i = 0; i < sizes.length; i++) {
        joules[i] = link.cost((long) sizes[i]).toJoules();
      }
      c.addSeries(link.name(), sizes, joules).setMarker(SeriesMarkers.NONE);
      long x = OffloadGate.crossoverBytes(local, link);
      crossovers.append(String.format(Locale.ROOT, "%s%s: %s", crossovers.length() == 0 ? "" : "; ", link.name(),
          x == 0 ? "never (its tail alone costs more)" : "below " + x + " bytes"));
    }
    double j = Math.max(local.toJoules(), 1e-9);
    c.addSeries("next tier, local", new double[] {sizes[0], sizes[sizes.length - 1]}, new double[] {j, j})
        .setMarker(SeriesMarkers.NONE).setLineColor(Color.RED);
    return new Figure("offload", c.getTitle(), Charts.img(c), String.format(Locale.ROOT,
        "Sending an input is cheaper than running the next tier here (%.3f µJ) %s. Links: LTE and Wi-Fi after Huang "
            + "et al. MobiSys 2012, BLE after Siekkinen et al. 2012, 5G a coarse reading of Narayanan et al. 2021.",
        localMicrojoules, crossovers));
  }
}
