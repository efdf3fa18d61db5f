package io.edgeenergy.cli;

import io.edgeenergy.cli.ReportFigures.Figure;
import io.edgeenergy.cli.StreamRun.Config;
import io.edgeenergy.cli.StreamRun.CurvePoint;
import io.edgeenergy.cli.StreamRun.StageShare;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's figures for one always-on stream chain ({@code edgeenergy stream audio|vision --json}): the
 * validation trade-off with the chosen point, joules per stage per configuration, the chosen chain against
 * the big model on every frame and the oracle gate, battery life against event rate, and the energy spent
 * over the stream against a budget line. Every title carries the run's quality.
 */
final class StreamFigures {
  /** A stage counts as always on (the chain's gate) when it ran on at least this share of frames. */
  static final double ALWAYS_ON_DUTY = 0.999;

  private StreamFigures() {}

  /** All five figures of {@code run}, ids prefixed with its chain so two runs fit on one page. */
  static List<Figure> all(StreamRun run) {
    List<Figure> figs = new ArrayList<>();
    if (!run.validationCurve().isEmpty()) {
      figs.add(curve(run));
    }
    figs.add(stages(run));
    figs.add(versusBaselines(run));
    figs.add(battery(run));
    figs.add(budget(run));
    return figs;
  }

  /** An XY chart with numbers as people write them (XChart prints a lone tick with every digit it has). */
  private static XYChart xy(StreamRun run, String what, String x, String y) {
    XYChart c = Charts.xy(title(run, what), x, y);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    c.getStyler().setXAxisDecimalPattern("#,##0.###").setYAxisDecimalPattern("#,##0.###");
    return c;
  }

  private static String title(StreamRun run, String what) {
    return what + " — " + run.chain() + " (" + run.quality() + ")";
  }

  /** Recall vs J/h of every validation point the calibration chose from, the front, the chosen point. */
  static Figure curve(StreamRun run) {
    XYChart c = xy(run, "Recall vs J/h on the validation stream", "J per hour of stream", "recall (%)");
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    List<CurvePoint> points = run.validationCurve();
    c.addSeries("validation points", points.stream().map(CurvePoint::joulesPerHour).toList(),
        points.stream().map(p -> 100 * p.recall()).toList()).setMarker(SeriesMarkers.CIRCLE);
    List<CurvePoint> front = front(points);
    c.addSeries("Pareto front", front.stream().map(CurvePoint::joulesPerHour).toList(),
        front.stream().map(p -> 100 * p.recall()).toList()).setXYSeriesRenderStyle(XYSeriesRenderStyle.Line)
        .setMarker(SeriesMarkers.NONE);
    CurvePoint chosen = points.stream().filter(CurvePoint::chosen).findFirst().orElse(null);
    String said = "none of them is marked chosen";
    if (chosen != null) {
      c.addSeries("chosen: " + chosen.label(), new double[] {chosen.joulesPerHour()}, new double[] {100 * chosen.recall()})
          .setMarker(SeriesMarkers.DIAMOND).setMarkerColor(Color.RED);
      said = String.format(Locale.ROOT, "the chosen point (%s) has %.1f %% recall at %.3f J/h on validation",
          chosen.label(), 100 * chosen.recall(), chosen.joulesPerHour());
    }
    return new Figure(run.chain() + "-curve", c.getTitle(), Charts.img(c), String.format(Locale.ROOT,
        "%d threshold settings replayed on the validation stream (its own seed, not the test stream); %s. "
            + "Front: no other point has at least this recall for fewer joules.", points.size(), said));
  }

  /** Points no other point dominates (at least the recall for fewer J/h), by increasing J/h. */
  static List<CurvePoint> front(List<CurvePoint> points) {
    List<CurvePoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(CurvePoint::joulesPerHour)
        .thenComparing(Comparator.comparingDouble(CurvePoint::recall).reversed()));
    List<CurvePoint> front = new ArrayList<>();
    double best = -1;
    for (CurvePoint p : sorted) {
      if (p.recall() > best) {
        front.add(p);
        best = p.recall();
      }
    }
    return front;
  }

  /** Stacked J/h per stage for every configuration on the test stream. */
  static Figure stages(StreamRun run) {
    CategoryChart c = Charts.category(title(run, "J/h per stage, every configuration, test stream"), "",
        "J per hour of stream");
    c.getStyler().setStacked(true).setXAxisLabelRotation(20);
    List<String> names = run.configurations().stream().map(k -> k.name() + (k.chosen() ? " *" : "")).toList();
    Set<String> stageNames = new LinkedHashSet<>();
    run.configurations().forEach(k -> k.stages().forEach(s -> stageNames.add(s.stage())));
    for (String stage : stageNames) {
      List<Number> values = new ArrayList<>();
      for (Config k : run.configurations()) {
        values.add(k.stages().stream().filter(s -> s.stage().equals(stage)).mapToDouble(StageShare::joulesPerHour).sum());
      }
      c.addSeries(stage, names, values);
    }
    Config chosen = run.chosen();
    StringBuilder shares = new StringBuilder();
    for (StageShare s : chosen.stages()) {
      shares.append(String.format(Locale.ROOT, "%s%s %.3f J/h (ran on %.1f %% of frames, %,d runs)",
          shares.length() == 0 ? "" : "; ", s.stage(), s.joulesPerHour(), 100 * s.dutyCycle(), s.runs()));
    }
    return new Figure(run.chain() + "-stages", c.getTitle(), Charts.img(c), "Each bar is one configuration's J/h "
        + "split by stage (base power excluded); * marks the chosen one: " + shares + ".");
  }

  /** J/h of the chosen chain against the big model on every frame and the oracle gate, with their recall. */
  static Figure versusBaselines(StreamRun run) {
    CategoryChart c = Charts.category(title(run, "Chosen chain vs every frame and oracle gate"), "",
        "J per hour of stream");
    c.getStyler().setLabelsVisible(true);   // the bars' J/h written on them
    c.getStyler().setDecimalPattern("#,##0.###");
    List<Config> shown = new ArrayList<>();
    Config every = run.byRole(Config.EVERY_FRAME);
    Config chosen = run.chosen();
    Config oracle = run.byRole(Config.ORACLE);
    for (Config k : new Config[] {every, chosen, oracle}) {
      if (k != null && !shown.contains(k)) {
        shown.add(k);
      }
    }
    // one series per configuration: their names (with recall) go to the legend, too long for axis labels
    c.getStyler().setOverlapped(false).setLegendLayout(Styler.LegendLayout.Vertical);
    for (Config k : shown) {
      c.addSeries(String.format(Locale.ROOT, "%s%s, recall %.1f %%", k.name(), k.chosen() ? " (chosen)" : "",
          100 * k.recall()), List.of("test stream"), List.of(k.joulesPerHour()));
    }
    String caption = String.format(Locale.ROOT, "Test stream, %.0f min. The chosen chain: %.3f J/h, recall %.1f %%, "
        + "%.2f false alarms/h", run.streamMinutes(), chosen.joulesPerHour(), 100 * chosen.recall(), chosen.falseAlarmsPerHour());
    if (every != null) {
      caption += String.format(Locale.ROOT, "; %.1fx fewer joules than %s (recall %.1f %%)",
          every.joulesPerHour() / chosen.joulesPerHour(), every.name(), 100 * every.recall());
    }
    if (oracle != null) {
      caption += String.format(Locale.ROOT, "; %.2fx the oracle gate's %.3f J/h (the big model run exactly where the "
          + "events are: the floor for any chain that must confirm every event with it)",
          chosen.joulesPerHour() / Math.max(oracle.joulesPerHour(), 1e-12), oracle.joulesPerHour());
    }
    return new Figure(run.chain() + "-baselines", c.getTitle(), Charts.img(c), caption + ".");
  }

  /**
   * The always-on (gate) J/h of a configuration: its stages that ran on (nearly) every frame; all of it for the
   * big model on every frame, which runs on a fixed hop whatever the events.
   */
  static double alwaysOnJoulesPerHour(Config k) {
    if (Config.EVERY_FRAME.equals(k.role())) {
      return k.joulesPerHour();
    }
    return k.stages().stream().filter(s -> s.dutyCycle() >= ALWAYS_ON_DUTY).mapToDouble(StageShare::joulesPerHour).sum();
  }

  /** Joules per event escalated past the gate: the rest of the J/h over the stream's events per hour. */
  static double joulesPerEvent(Config k, double eventsPerHour) {
    return eventsPerHour > 0 ? Math.max(0, k.joulesPerHour() - alwaysOnJoulesPerHour(k)) / eventsPerHour : 0;
  }

  /** Battery hours at {@code eventsPerHour}: battery / (base power + always-on J/h + rate x J per event). */
  static double batteryHours(StreamRun run, Config k, double eventsPerHour) {
    double joulesPerHour = run.basePowerWatts() * 3600 + alwaysOnJoulesPerHour(k)
        + eventsPerHour * joulesPerEvent(k, run.eventsPerHour());
    return run.batteryWattHours() * 3600 / joulesPerHour;
  }

  /** Battery life against event rate for the chosen chain, every frame and the oracle, on the model above. */
  static Figure battery(StreamRun run) {
    XYChart c = xy(run, "Battery life vs event rate", "events per hour", "battery life (hours)");
    c.getStyler().setXAxisLogarithmic(true);
    double[] rates = {0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000};
    double low = Double.MAX_VALUE;
    double high = 0;
    for (String role : new String[] {Config.EVERY_FRAME, null, Config.ORACLE}) {
      Config k = role == null ? run.chosen() : run.byRole(role);
      if (k == null || role != null && k.chosen()) {
        continue;
      }
      double[] hours = new double[rates.length];
      for (int i = 0; i < rates.length; i++) {
        hours[i] = batteryHours(run, k, rates[i]);
        low = Math.min(low, hours[i]);
        high = Math.max(high, hours[i]);
      }
      c.addSeries(k.name() + (k.chosen() ? " (chosen)" : ""), rates, hours).setMarker(SeriesMarkers.NONE);
    }
    // base power flattens the curves into a narrow band (a log axis would show two ticks); log only for a wide range
    c.getStyler().setYAxisLogarithmic(high > 10 * low);
    Config chosen = run.chosen();
    if (run.eventsPerHour() > 0) {
      c.addSeries(String.format(Locale.ROOT, "this stream: %.1f events/h", run.eventsPerHour()),
          new double[] {run.eventsPerHour()}, new double[] {batteryHours(run, chosen, run.eventsPerHour())})
          .setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.DIAMOND).setMarkerColor(Color.RED);
    }
    return new Figure(run.chain() + "-battery", c.getTitle(), Charts.img(c), String.format(Locale.ROOT,
        "Model: hours = battery / (base power + always-on J/h + events/h x J per event). Battery %.0f Wh, base power "
            + "%.3f W. Always-on = the stages that ran on every frame, and all of the every-frame configuration "
            + "(chosen chain: %.3f J/h); J per event = the rest of the chain's J/h on the test stream over its %.1f events/h (chosen chain: %.4f J), so "
            + "escalations on non-events are charged to the events. The red point is the test stream's rate.",
        run.batteryWattHours(), run.basePowerWatts(), alwaysOnJoulesPerHour(chosen), run.eventsPerHour(),
        joulesPerEvent(chosen, run.eventsPerHour())));
  }

  /** Cumulative joules of the chosen chain minute by minute against a budget line. */
  static Figure budget(StreamRun run) {
    XYChart c = xy(run, "Energy spent over the stream vs budget", "minute of the test stream",
        "cumulative J (chosen chain)");
    List<Double> perMinute = run.joulesPerMinute();
    double[] minutes = new double[perMinute.size() + 1];
    double[] spent = new double[perMinute.size() + 1];
    for (int i = 0; i < perMinute.size(); i++) {
      minutes[i + 1] = i + 1;
      spent[i + 1] = spent[i] + perMinute.get(i);
    }
    c.addSeries(run.chosen().name(), minutes, spent).setMarker(SeriesMarkers.NONE);
    Config every = run.byRole(Config.EVERY_FRAME);
    double rate;
    String line;
    if (run.budgetJoulesPerHour() != null) {
      rate = run.budgetJoulesPerHour();
      line = String.format(Locale.ROOT, "budget %.3f J/h", rate);
    } else if (every != null) {
      rate = every.joulesPerHour();
      line = String.format(Locale.ROOT, "no budget given: %s's %.3f J/h", every.name(), rate);
    } else {
      rate = run.chosen().joulesPerHour();
      line = String.format(Locale.ROOT, "no budget given: the chain's mean %.3f J/h", rate);
    }
    double end = perMinute.size();
    c.addSeries(line, new double[] {0, end}, new double[] {0, rate * end / 60}).setMarker(SeriesMarkers.NONE)
        .setLineColor(Color.RED);
    double total = spent[spent.length - 1];
    return new Figure(run.chain() + "-budget", c.getTitle(), Charts.img(c), String.format(Locale.ROOT,
        "The chosen chain spent %.3f J over %d minutes (base power excluded), %.0f %% of the line's %.3f J; bursts "
            + "are minutes with events or distractors that woke the later stages. Line: %s.", total, perMinute.size(),
        100 * total / Math.max(rate * end / 60, 1e-12), rate * end / 60, line));
  }
}
