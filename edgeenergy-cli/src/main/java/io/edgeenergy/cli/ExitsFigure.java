package io.edgeenergy.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.edgeenergy.EdgeEnergyException;
import io.edgeenergy.examples.exits.ExitEvaluation;
import io.edgeenergy.examples.exits.ExitPolicyFamily;
import io.edgeenergy.examples.exits.ExitSweep;
import io.edgeenergy.examples.exits.OperatingPoint;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plot of {@code edgeenergy exits --json}: test accuracy vs joules per inference of every policy. */
final class ExitsFigure {
  /** The value of the {@code format} field {@code exits --json} writes. */
  static final String FORMAT = "edgeenergy-exits-1";
  /** The family whose chosen point the plot marks. */
  static final String MARKED = ExitPolicyFamily.confidentOrPatience(2).name();

  private ExitsFigure() {}

  /** The exits JSON: the report, its backend and meter quality. */
  record Read(ExitEvaluation.Report report, String backend, String quality) {}

  static Read read(Path file) {
    try {
      JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      ExitEvaluation.Report r = new Gson().fromJson(json, ExitEvaluation.Report.class);
      return new Read(r, json.get("backend").getAsString(), json.get("quality").getAsString());
    } catch (IOException | JsonParseException | IllegalStateException | NullPointerException e) {
      throw new EdgeEnergyException(file + " is not the JSON of `edgeenergy exits --json` (" + e.getMessage() + ")");
    }
  }

  static ReportFigures.Figure curve(Read read) {
    ExitEvaluation.Report r = read.report();
    XYChart c = Charts.xy("Early exit on keywords, " + read.backend() + ": test accuracy vs energy (" + read.quality() + ")",
        "µJ per inference", "test accuracy (%)");
    for (ExitSweep.Result s : r.results()) {
      if (s.family().startsWith("budget-aware")) {
        continue;   // the same points as max-probability, walked by pressure
      }
      c.addSeries(s.family(), s.test().stream().map(p -> p.joulesPerInference() * 1e6).toList(),
          s.test().stream().map(p -> 100 * p.accuracy()).toList()).setMarker(SeriesMarkers.NONE);
    }
    StringBuilder chosen = new StringBuilder();
    for (ExitSweep.Result s : r.results()) {
      OperatingPoint p = s.chosenOnTest();
      chosen.append(String.format(Locale.ROOT, "%s %.2f %% at %.1f µJ; ", s.family(), 100 * p.accuracy(),
          p.joulesPerInference() * 1e6));
    }
    // marked: the family that meets the acceptance point on both backends (BENCHMARKS, "Early exit on keywords")
    ExitSweep.Result marked = r.results().stream().filter(x -> x.family().equals(MARKED)).findFirst()
        .orElse(r.results().get(0));
    c.addSeries("chosen (" + marked.family() + ")", new double[] {marked.chosenOnTest().joulesPerInference() * 1e6},
        new double[] {100 * marked.chosenOnTest().accuracy()}).setMarker(SeriesMarkers.DIAMOND).setMarkerColor(Color.RED);
    double mono = r.monolithicTest().joulesPerInference();
    c.addSeries("monolithic", new double[] {mono * 1e6}, new double[] {100 * r.monolithicTest().accuracy()})
        .setMarker(SeriesMarkers.SQUARE).setMarkerColor(Color.BLACK);
    c.addSeries("oracle exit", new double[] {r.oracleTest().joulesPerInference() * 1e6},
        new double[] {100 * r.oracleTest().accuracy()}).setMarker(SeriesMarkers.TRIANGLE_UP).setMarkerColor(Color.DARK_GRAY);
    return new ReportFigures.Figure("exits-" + read.backend(), c.getTitle(), Charts.img(c), String.format(Locale.ROOT,
        "Every threshold of each policy family on the held-out test voices (edgeenergy exits); thresholds are chosen on "
            + "six other voices (the validation voice and the training voices' out-of-fold exits: cheapest within the "
            + "allowed loss of the monolithic model there): %smonolithic %.2f %% at %.1f µJ, "
            + "oracle exit %.2f %% at %.1f µJ.", chosen, 100 * r.monolithicTest().accuracy(), mono * 1e6,
        100 * r.oracleTest().accuracy(), r.oracleTest().joulesPerInference() * 1e6));
  }
}
