package io.edgeenergy.cli;

import com.google.gson.GsonBuilder;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.examples.exits.ExitData;
import io.edgeenergy.examples.exits.ExitEvaluation;
import io.edgeenergy.examples.exits.ExitProbe;
import io.edgeenergy.examples.exits.ExitSweep;
import io.edgeenergy.examples.exits.HeldOutExits;
import io.edgeenergy.examples.exits.OperatingPoint;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.meter.MeterDetection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The early-exit curve of the multi-exit keyword model (models/exits): every exit policy family swept
 * on the choosing split (the validation voice and the training voices' out-of-fold exits), the point
 * chosen by the rule (cheapest within --max-accuracy-loss of the monolithic model there), reported on
 * the held-out test voices with estimated joules per inference from the
 * pipeline's ledger, next to the monolithic model and the oracle exit.
 */
@Command(name = "exits", mixinStandardHelpOptions = true,
    description = "Early-exit policies on the multi-exit keyword model: accuracy vs joules per inference, exit histograms, oracle.")
final class ExitsCommand implements Callable<Integer> {
  static final int SEGMENTS = 4;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--models", defaultValue = "models/exits",
      description = "Directory with keyword_exit_seg1..4 and keyword_exits_full (.onnx, .tflite) and features.bin.gz (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  /** The backends: ONNX files are committed; the .tflite files come from models/exits/build_tflite.sh. */
  enum Backend { onnx, tflite }

  @Option(names = "--backend", defaultValue = "onnx", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Backend backend;

  @Option(names = "--max-accuracy-loss", defaultValue = "1.0",
      description = "Accuracy points a chosen point may lose vs the monolithic model on the choosing split (default: ${DEFAULT-VALUE}).")
  double maxLossPoints;

  @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured passes before each measured pass (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--json", description = "Also write the full curves as JSON to this file.")
  Path json;

  @Override
  public Integer call() throws IOException {
    picocli.CommandLine cli = spec.commandLine();
    if (!(maxLossPoints >= 0 && maxLossPoints <= 100)) {
      throw new picocli.CommandLine.ParameterException(cli, "--max-accuracy-loss must be in [0, 100] points, was " + maxLossPoints);
    }
    if (warmup < 0) {
      throw new picocli.CommandLine.ParameterException(cli, "--warmup must be >= 0 passes, was " + warmup);
    }
    String ext = "." + backend.name();
    if (backend == Backend.tflite && !java.nio.file.Files.isRegularFile(modelsDir.resolve("keyword_exits_full.tflite"))) {
      throw new picocli.CommandLine.ParameterException(cli, "--backend tflite: no keyword_exits_full.tflite in " + modelsDir
          + "; build the .tflite files first with: sh models/exits/build_tflite.sh");
    }
    OutputFiles.requireWritable(cli, "--json", json);
    OutputFile jsonOut = json == null ? null : OutputFile.claim(json);
    PrintWriter out = cli.getOut();
    MeterDetection detection = EnergyMeters.detect();
    List<Model> models = new ArrayList<>();
    try (EnergyMeter meter = detection.meter()) {
      MeterLine.print(out, meter);
      out.println("Backend: " + backend);
      models.addAll(ExitSegments.load(modelsDir, "keyword_exit_seg", SEGMENTS, ext));
      Model full = ExitSegments.loadOne(modelsDir, "keyword_exits_full" + ext);
      models.add(full);
      ExitData data = ExitData.load(modelsDir);
      HeldOutExits heldOut = heldOut(modelsDir);
      out.printf(Locale.ROOT, "Data: %d validation windows (validation voice), %d test windows (held-out voices)%n",
          data.validation().size(), data.test().size());
      out.println(heldOut == null ? "Choosing split: the validation voice only (no " + HeldOutExits.FILE + ")"
          : String.format(Locale.ROOT, "Choosing split: the validation voice + %d out-of-fold windows of %s"
              + " (each answered by a fold model that never trained on that voice)", heldOut.records().size(),
              String.join(", ", heldOut.voiceNames())));
      ExitEvaluation.Report r = ExitEvaluation.run(new ExitProbe(meter, Metering.everyRun()),
          models.subList(0, SEGMENTS), full, data, heldOut, maxLossPoints / 100.0, warmup);
      print(out, r, meter.quality().toString());
      if (jsonOut != null) {
        com.google.gson.Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        com.google.gson.JsonObject tree = gson.toJsonTree(r).getAsJsonObject();
        tree.addProperty("format", ExitsFigure.FORMAT);   // `edgeenergy report` recognizes the file by it
        tree.addProperty("backend", backend.name());
        tree.addProperty("quality", meter.quality().toString());
        jsonOut.write(gson.toJson(tree));
        out.println("Wrote " + json);
      }
    } finally {
      models.forEach(Model::close);
    }
    return 0;
  }

  /** The out-of-fold exits in {@code dir}, or null if the directory has none (then validation alone chooses). */
  static HeldOutExits heldOut(Path dir) {
    return java.nio.file.Files.isRegularFile(dir.resolve(HeldOutExits.FILE)) ? HeldOutExits.load(dir) : null;
  }

  static void print(PrintWriter out, ExitEvaluation.Report r, String quality) {
    double mono = r.monolithicTest().joulesPerInference();
    out.printf(Locale.ROOT, "Segments: %s uJ per run (%s); monolithic %.2f uJ per inference%n",
        Arrays.toString(Arrays.stream(r.stageJoules()).map(j -> Math.round(j * 1e8) / 100.0).toArray()), quality, mono * 1e6);
    out.printf(Locale.ROOT, "Test accuracy per exit alone: %s; monolithic: validation %.2f %%, test %.2f %%%n",
        Arrays.toString(Arrays.stream(r.accuracyPerExit()).map(a -> Math.round(a * 10000) / 100.0).toArray()),
        100 * r.monolithicValidation().accuracy(), 100 * r.monolithicTest().accuracy());
    StringBuilder voices = new StringBuilder();
    for (int v = 0; v < r.voiceNames().size(); v++) {
      voices.append(v == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f %%", r.voiceNames().get(v),
          100 * r.monolithicPerVoice()[v]));
    }
    out.printf(Locale.ROOT, "Rule: the cheapest point that keeps every voice of the choosing split (%d windows) within %.2f"
        + " point of its monolithic accuracy (%s)%n", r.choosingSize(), 100 * r.maxLoss(), voices);
    out.printf(Locale.ROOT, "%-26s %10s %9s %9s %11s %8s  %s%n", "policy (test split)", "threshold", "chs acc",
        "test acc", "uJ/infer", "x fewer", "exits 1/2/3/4");
    row(out, "monolithic", Double.NaN, r.monolithicChoosing(), r.monolithicTest().accuracy(), mono, mono, null);
    for (ExitSweep.Result s : r.results()) {
      OperatingPoint t = s.chosenOnTest();
      row(out, s.family(), t.threshold(), s.chosen().accuracy(), t.accuracy(), t.joulesPerInference(), mono, t.exitHistogram());
    }
    OperatingPoint o = r.oracleTest();
    row(out, "oracle exit", Double.NaN, Double.NaN, o.accuracy(), o.joulesPerInference(), mono, o.exitHistogram());
    ExitProbe.Live live = r.liveMaxProbability();
    row(out, "max-probability, live", r.results().get(0).chosen().threshold(), Double.NaN, live.accuracy(),
        live.joulesPerInference(), mono, live.exitHistogram());
    out.println("(budget-aware: the threshold is the budget pressure at which the rule's point sits; \"live\" = the"
        + " chosen max-probability policy run through the pipeline, joules from its ledger)");
  }

  private static void row(PrintWriter out, String name, double threshold, double val, double test, double joules, double mono,
      int[] histogram) {
    out.printf(Locale.ROOT, "%-26s %10s %9s %8.2f%% %11.2f %7.2fx  %s%n", name,
        Double.isNaN(threshold) ? "-" : String.format(Locale.ROOT, "%.4f", threshold),
        Double.isNaN(val) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * val), 100 * test, joules * 1e6,
        mono / joules, histogram == null ? "(one file, no exits)" : Arrays.toString(histogram));
  }
}
