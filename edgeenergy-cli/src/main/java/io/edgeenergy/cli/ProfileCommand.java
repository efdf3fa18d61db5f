package io.edgeenergy.cli;

import com.google.gson.GsonBuilder;
import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.meter.MeterDetection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Profiles one model file of any format a backend on the class path loads: its signature, the
 * latency distribution of back-to-back runs, joules per inference from the detected meter with the
 * same metering rules as {@code demo} (a one-tier pipeline: meter read overhead subtracted, optional
 * sampling, MEASURED only when a hardware meter produced every figure) and a battery projection.
 *
 * <p>Latency and energy come from two phases over the same inputs: timed runs of {@code Model.run}
 * alone (so meter reads never inflate the percentiles), then the same number of runs through the
 * pipeline for the joules.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Signature, latency p50/p90/p99, joules per inference and battery life of one model file (.onnx, ...).")
final class ProfileCommand implements Callable<Integer> {
  /** What the inputs hold while profiling. */
  enum InputValues { RANDOM, ZEROS }

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Model file; its extension picks the backend.")
  Path file;

  @Option(names = "--runs", defaultValue = "1000", description = "Timed runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "100", description = "Untimed runs first, for JIT and runtime caches (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--inputs", defaultValue = "random",
      description = "Input values: ${COMPLETION-CANDIDATES} (random: floats in [0, 1), integers in [0, 16), booleans; default: ${DEFAULT-VALUE}).")
  InputValues inputValues;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads; 0 lets the backend choose (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--battery-wh", defaultValue = "10", description = "Battery for the projection, in Wh (default: ${DEFAULT-VALUE}).")
  double batteryWattHours;

  @Option(names = "--sample-period", defaultValue = "1",
      description = "Read the meter around 1 in N runs and extrapolate the rest (default: ${DEFAULT-VALUE} = every run).")
  int samplePeriod;

  @Option(names = "--shape", paramLabel = "TENSOR=D,D,...",
      description = "Concrete shape of an input or output with dynamic dimensions, e.g. --shape input=1,512 "
          + "(repeatable; a dynamic dimension not declared runs as 1).")
  Map<String, String> shapes = new LinkedHashMap<>();

  @Option(names = "--fill", paramLabel = "TENSOR=VALUE",
      description = "Every element of an input set to VALUE instead of the --inputs fill, e.g. --fill sr=16000 (repeatable).")
  Map<String, String> fills = new LinkedHashMap<>();

  @Option(names = "--input", paramLabel = "TENSOR=FILE",
      description = "An input's values from a NumPy .npy file of its dtype and shape, or any other file as its raw "
          + "little-endian bytes (repeatable).")
  Map<String, Path> inputFiles = new LinkedHashMap<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE; '-' prints only the JSON.")
  String json;

  @Option(names = "--no-progress", description = "Hide the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    if (runs < 1 || warmup < 0 || samplePeriod < 1 || threads < 0 || !(batteryWattHours > 0)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--runs and --sample-period must be >= 1, --warmup and --threads >= 0, --battery-wh > 0");
    }
    boolean jsonOnly = "-".equals(json);
    if (json != null && !jsonOnly) {
      OutputFiles.requireWritable(spec.commandLine(), "--json", Path.of(json));
    }
    PrintWriter out = jsonOnly ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
    ModelOptions options = ModelOptions.builder().intraOpThreads(threads).build();
    // The model first: a bad file fails before the meter is probed.
    try (Model model = InferenceBackends.load(file, options); Tensors io = new ProfileShapes(spec.commandLine(), shapes).allocate(model)) {
      fill(io.inputs(), inputValues, seed);
      String declared = new ProfileInputs(spec.commandLine(), fills, inputFiles).apply(io.inputs());
      MeterDetection detection = EnergyMeters.detect();
      try (EnergyMeter meter = detection.meter()) {
        MeterLine.print(out, detection);
        ProfileReport report;
        try {
          report = profile(model, io, meter, jsonOnly, declared);
        } catch (InferenceException | TensorMismatchException e) {
          throw ProfileShapes.withShapeHint(e, model, io, shapes.keySet());
        }
        out.println();
        report.print(out);
        if (json != null) {
          String text = new GsonBuilder().setPrettyPrinting().create().toJson(report);
          if (jsonOnly) {
            spec.commandLine().getOut().println(text);
          } else {
            Files.writeString(Path.of(json), text);
            out.println("Wrote " + json);
          }
        }
      }
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Warm-up, then timed runs of {@code Model.run} alone, then as many metered runs through a pipeline. */
  private ProfileReport profile(Model model, Tensors io, EnergyMeter meter, boolean quiet, String declared) {
    long[] latencies = new long[runs];
    try (ProgressBar bar = noProgress || quiet ? null : new ProgressBarBuilder().setTaskName("profile")
        .setStyle(ProgressBarStyle.ASCII).setInitialMax(warmup + 2L * runs).setUpdateIntervalMillis(250)
        .continuousUpdate().build();
         TieredInferencePipeline<Tensor[]> pipeline = TieredInferencePipeline.<Tensor[]>builder()
             .tier(Tier.<Tensor[]>builder("profile").stage(ProfileShapes.stage(model, io)).input(COPY).scores(NO_SCORES).build())
             .meter(meter).metering(Metering.sampled(samplePeriod)).build()) {
      for (int i = 0; i < warmup; i++) {
        model.run(io.inputs(), io.outputs());
        step(bar);
      }
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        model.run(io.inputs(), io.outputs());
        latencies[i] = System.nanoTime() - t0;
        step(bar);
      }
      for (int i = 0; i < runs; i++) {
        pipeline.run(io.inputs());
        step(bar);
      }
      return report(model, io, meter, latencies, pipeline.ledger().snapshot(), pipeline.meterOverheadNanojoules(),
          declared);
    }
  }

  /** Each declared tensor with the shape it ran at. */
  private static List<ProfileReport.TensorInfo> ran(List<TensorSpec> declared, Tensor[] tensors) {
    List<ProfileReport.TensorInfo> out = new ArrayList<>();
    for (int i = 0; i < tensors.length; i++) {
      out.add(ProfileReport.TensorInfo.of(declared.get(i), tensors[i].spec().shape()));
    }
    return out;
  }

  private ProfileReport report(Model model, Tensors io, EnergyMeter meter, long[] latencies, LedgerSnapshot energy,
      long overhead, String declared) {
    ProfileReport.Latency latency = ProfileReport.Latency.of(latencies);
    Energy mean = energy.meanPerInference();
    Energy battery = Energy.ofWattHours(batteryWattHours);
    long inferences = mean.isZero() ? Long.MAX_VALUE : battery.count(mean);
    double basePower = meter instanceof CpuTimeEstimatorMeter estimator ? estimator.profile().basePower().toWatts() : 0;
    return new ProfileReport(model.name(), file.toString(), model.backend(), model.executionProvider(),
        ran(model.signature().inputs(), io.inputs()), ran(model.signature().outputs(), io.outputs()),
        (inputValues == InputValues.RANDOM ? "random (seed " + seed + ")" : "zero") + declared,
        threads, warmup, runs, latency, mean.toMicrojoules(), energy.quality().toString(), meter.name(),
        meter.description(), Metering.sampled(samplePeriod).toString(), overhead, batteryWattHours, inferences,
        inferences / 3600.0, inferences * latency.mean() / 1e6 / 3600.0, basePower);
  }

  private static void step(ProgressBar bar) {
    if (bar != null) {
      bar.step();
    }
  }

  /** Copies the profile's inputs into the pipeline's own input tensors (outside the metered call). */
  private static final InputBinder<Tensor[]> COPY = (src, dst) -> {
    for (int i = 0; i < dst.length; i++) {
      dst[i].bytes().put(0, src[i].bytes(), 0, src[i].bytes().capacity());
    }
  };

  /** The pipeline needs scores; a profile has no classes, so it reads one constant class. */
  private static final ScoreReader NO_SCORES = model -> new ScoreReader.Bound() {
    @Override
    public int classCount() {
      return 1;
    }

    @Override
    public void read(Tensor[] outputs, float[] probabilities) {
      probabilities[0] = 1f;
    }
  };

  /** Writes the chosen values into every input; the zero case leaves the fresh tensors as they are. */
  static void fill(Tensor[] inputs, InputValues values, long seed) {
    if (values == InputValues.ZEROS) {
      return;
    }
    Random r = new Random(seed);
    for (Tensor t : inputs) {
      for (int i = 0; i < t.elementCount(); i++) {
        switch (t.dtype()) {
          case FLOAT32 -> t.floats().put(i, r.nextFloat());
          case INT32 -> t.ints().put(i, r.nextInt(16));
          case INT64 -> t.longs().put(i, r.nextInt(16));
          case INT8, UINT8 -> t.bytes().put(i, (byte) r.nextInt(16));
          case BOOL -> t.bytes().put(i, (byte) (r.nextBoolean() ? 1 : 0));
        }
      }
    }
  }
}
