package io.edgeenergy.cli;

import com.google.gson.GsonBuilder;
import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.meter.MeterDetection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the digits models four ways on the held-out test split, with the detected meter: tiny only,
 * big only, the tiny→big confidence cascade and the segmented early-exit model; thresholds are
 * calibrated on the validation split first. Prints accuracy, escalation/exit rates, joules and latency
 * per inference (with their quality) and a battery projection.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Digits cascade and early exit on the held-out split: accuracy, joules, latency, battery life.")
final class DemoCommand implements Callable<Integer> {
  /** The int8 big model, without extension: a QDQ .onnx file and a full-integer .tflite file. */
  static final String INT8_MODEL = "digits_big_mlp_int8";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--models", defaultValue = "models/digits", description = "Directory with the digits .onnx/.tflite files, digits.csv.gz and split.json (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  /** Which backend runs the models; each adds its int8 big model when the file is there. */
  enum Backend { onnx, tflite }

  @Option(names = "--backend", defaultValue = "onnx",
      description = "Backend and model format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); both add an INT8 vs FP32 comparison.")
  Backend backend;

  @Option(names = "--repeat", defaultValue = "20", description = "Passes over the test split for the energy figures (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--max-accuracy-loss", defaultValue = "0.5",
      description = "Accuracy points the calibrated thresholds may lose vs the big model on the validation split (default: ${DEFAULT-VALUE}).")
  double maxAccuracyLossPoints;

  @Option(names = "--battery-joules", defaultValue = "10000", description = "Battery for the projection, in J (default: ${DEFAULT-VALUE}).")
  double batteryJoules;

  @Option(names = "--sample-period",
      description = "Read the meter around 1 in N model calls and charge the rest their stage's mean (1 = every call;"
          + " default: the pipeline's default metering, wall-clock windows with the CPU-time estimator).")
  Integer samplePeriod;

  @Option(names = "--json", description = "Also write the results as JSON to this file.")
  Path json;

  @Option(names = "--trace", description = "Also record the cascade's models on the test split as a trace for `edgeenergy simulate` (JSON Lines).")
  Path trace;

  @Option(names = "--no-progress", description = "Hide the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    // claim the output files first: an unwritable path fails now, not after the measurement
    OutputFile jsonOut = json == null ? null : OutputFile.claim(json);
    if (trace != null) {
      OutputFile.claim(trace);
    }
    MeterDetection detection = EnergyMeters.detect();
    EnergyMeter meter = detection.meter();
    MeterLine.print(out, detection);

    DigitsData data = DigitsData.load(modelsDir);
    ModelOptions options = ModelOptions.builder().intraOpThreads(1).build();
    List<Model> models = new ArrayList<>();
    try {
      String ext = "." + backend.name();
      out.println("Backend: " + backend + " (" + InferenceBackends.named(backend.name()) + ")");
      Model tiny = load(models, "digits_tiny_logreg" + ext, options);
      Model big = load(models, "digits_big_mlp" + ext, options);
      List<Model> segments = new ArrayList<>();
      for (Path p : segmentFiles(ext)) {
        segments.add(load(models, p.getFileName().toString(), options));
      }
      // The int8 models are optional files (models/quantize_digits_onnx.py, models/build_tflite.sh).
      Path int8File = modelsDir.resolve(INT8_MODEL + ext);
      DemoRun.Int8 int8 = Files.isRegularFile(int8File)
          ? new DemoRun.Int8(load(models, INT8_MODEL + ext, options), Files.size(modelsDir.resolve("digits_big_mlp" + ext)),
              Files.size(int8File))
          : null;
      DemoRun run = new DemoRun(data, meter, samplePeriod == null ? Metering.defaults() : Metering.sampled(samplePeriod), out, !noProgress);
      Stage javaTiny = JavaLogReg.stage("digits_tiny_logreg.java", modelsDir.resolve(JavaLogReg.WEIGHTS_FILE));
      DemoRun.TraceRequest traceRequest = trace == null ? null
          : new DemoRun.TraceRequest(trace, modelsDir.resolve("digits_tiny_logreg" + ext), modelsDir.resolve("digits_big_mlp" + ext));
      DemoReport report = run.execute(backend.name(), tiny, javaTiny, big, segments, int8, repeat, maxAccuracyLossPoints / 100.0,
          Energy.ofJoules(batteryJoules), traceRequest);
      report.print(out);
      if (jsonOut != null) {
        jsonOut.write(new GsonBuilder().setPrettyPrinting().create().toJson(report));
        out.println("Wrote " + json);
      }
    } finally {
      models.forEach(Model::close);
      meter.close();
    }
    return 0;
  }

  /** Each bad option named with its value and range, and the --json file checked, before any work. */
  private void validate() {
    picocli.CommandLine cli = spec.commandLine();
    if (repeat < 1) {
      throw new picocli.CommandLine.ParameterException(cli, "--repeat must be >= 1 pass, was " + repeat);
    }
    if (samplePeriod != null && samplePeriod < 1) {
      throw new picocli.CommandLine.ParameterException(cli, "--sample-period must be >= 1 call, was " + samplePeriod);
    }
    if (!(batteryJoules > 0) || Double.isInfinite(batteryJoules)) {
      throw new picocli.CommandLine.ParameterException(cli, "--battery-joules must be a finite number > 0 J, was "
          + batteryJoules);
    }
    if (!(maxAccuracyLossPoints >= 0 && maxAccuracyLossPoints <= 100)) {
      throw new picocli.CommandLine.ParameterException(cli, "--max-accuracy-loss must be in [0, 100] accuracy points"
          + " (e.g. 0.5 = half a point), was " + maxAccuracyLossPoints);
    }
    OutputFiles.requireWritable(cli, "--json", json);
  }

  private Model load(List<Model> opened, String file, ModelOptions options) {
    Model m = InferenceBackends.load(modelsDir.resolve(file), options);
    opened.add(m);
    return m;
  }

  private List<Path> segmentFiles(String ext) throws IOException {
    try (Stream<Path> files = Files.list(modelsDir)) {
      List<Path> segs = files.filter(p -> p.getFileName().toString().matches("digits_exit_seg\\d+\\" + ext))
          .sorted((a, b) -> Integer.compare(segmentNumber(a), segmentNumber(b))).toList();
      if (segs.size() < 2) {
        throw new IllegalStateException("need at least two digits_exit_segN" + ext + " files in " + modelsDir
            + ", found " + segs.size() + "; regenerate with models/train_digits.py (and models/build_tflite.sh)");
      }
      return segs;
    }
  }

  private static int segmentNumber(Path p) {
    return Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""));
  }
}
