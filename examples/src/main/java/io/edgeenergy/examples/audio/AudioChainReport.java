package io.edgeenergy.examples.audio;

import io.edgeenergy.policy.ChainCalibration;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints an {@link AudioChainEvaluation.Result} as the table the CLI and the example show. */
public final class AudioChainReport {
  private AudioChainReport() {}

  /** Writes the report; {@code curves} adds the validation trade-off fronts. */
  public static void print(AudioChainEvaluation.Result r, PrintWriter out, boolean curves) {
    AudioChainEvaluation.Config c = r.config();
    out.println("validation stream: " + r.validation());
    out.println("test stream:       " + r.test());
    double[] m = r.costsMicros();
    out.printf(Locale.ROOT, "median cost per call (validation run, this machine, 1 thread): energy gate %.2f µs/chunk,"
        + " Silero VAD %.1f µs/chunk, log-mel %.1f µs/frame, keyword model %s %.1f µs/run%s%n", m[0], m[1], m[2],
        c.keywordModel(), m[3], c.cascadeModel() == null ? ""
            : String.format(Locale.ROOT, ", cascade screen %s %.1f µs/run", c.cascadeModel(), m[4]));
    out.printf(Locale.ROOT, "energy = the pipeline's ledger, CPU-time estimator with profile %s: thread CPU time × %.2f W"
        + " (one busy core), ESTIMATED; battery %.0f J with %.2f W base power; calibration replays use calls × median%n",
        c.profile().name(), c.activePower().toWatts(), c.battery().toJoules(), c.basePower().toWatts());
    out.printf(Locale.ROOT, "%-28s %8s %7s %9s %9s %12s %9s %10s %9s%n", "chain (test stream)", "recall", "FA/h",
        "lat p50", "lat p90", "J/h (EST.)", "vs every", "vs oracle", "battery");
    double every = r.rows().get(0).score().joulesPerHour();
    double oracle = r.rows().stream().filter(x -> x.gate() == KeywordChain.Gate.ORACLE).findFirst().orElseThrow()
        .score().joulesPerHour();
    for (AudioChainEvaluation.Row row : r.rows()) {
      ChainScore s = row.score();
      out.printf(Locale.ROOT, "%-28s %7.1f%% %7.2f %7.0fms %7.0fms %12.4f %8.1fx %9.2fx %8.2fh%n",
          (row.gate() == r.chosen() ? "* " : "") + label(row.gate()),
          100 * s.recall(), s.falseAcceptsPerHour(), s.latencyMs(0.5), s.latencyMs(0.9), s.joulesPerHour(),
          every / s.joulesPerHour(), s.joulesPerHour() / oracle, s.batteryHours(c.battery(), c.basePower()));
    }
    for (AudioChainEvaluation.Row row : r.rows()) {
      ChainScore s = row.score();
      out.printf(Locale.ROOT, "  %-26s hits %d/%d, false accepts %d, J/h by stage: energy %.4f, vad %.4f,"
          + " log-mel %.4f, keyword %.4f, screen %.4f%s%n", label(row.gate()), s.hits(), s.keywords(),
          s.falseAccepts(), s.stageJoulesPerHour()[0], s.stageJoulesPerHour()[1], s.stageJoulesPerHour()[2],
          s.stageJoulesPerHour()[3], s.stageJoulesPerHour()[4],
          row.run().skippedChunks() > 0 ? ", " + row.run().skippedChunks() + " chunks skipped (NaN)" : "");
    }
    out.println("* the chain calibration chose (cheapest on validation keeping every-frame's recall and false accepts)");
    if (curves) {
      curve(out, "every frame: [keyword threshold, hop chunks]", r.keywordCurve());
      String gates = "[VAD threshold, VAD hang-over, energy dBFS, energy hang-over, cascade threshold]";
      curve(out, "VAD -> keyword: " + gates, r.vadCurve());
      curve(out, "energy -> VAD -> keyword: " + gates, r.energyCurve());
      curve(out, "energy -> keyword: " + gates, r.energyOnlyCurve());
      if (!r.cascadeCurve().isEmpty()) {
        curve(out, "energy -> screen -> keyword: [VAD threshold, VAD hang-over, energy dBFS, energy hang-over, cascade"
            + " threshold, screen hop, arm hops]", r.cascadeCurve());
      }
    }
  }

  private static void curve(PrintWriter out, String title, List<ChainCalibration.Point> points) {
    out.println("validation front, " + title + ":");
    for (ChainCalibration.Point p : ChainCalibration.front(points)) {
      out.println("  " + p);
    }
  }

  /** The row label of a configuration, as the table prints it. */
  public static String label(KeywordChain.Gate g) {
    return switch (g) {
      case EVERY_FRAME -> "keyword model every frame";
      case VAD -> "VAD -> keyword";
      case ENERGY_VAD -> "energy -> VAD -> keyword";
      case ENERGY -> "energy -> keyword (no VAD)";
      case CASCADE -> "energy -> screen -> keyword";
      case ORACLE -> "oracle gate (lower bound)";
    };
  }
}
