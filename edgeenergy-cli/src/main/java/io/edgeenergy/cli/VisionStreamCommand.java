package io.edgeenergy.cli;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.examples.vision.BlazeFaceDetector;
import io.edgeenergy.examples.vision.DoorbellLiveRun;
import io.edgeenergy.examples.vision.DoorbellStream;
import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Outcome;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.examples.vision.FaceChainReplay;
import io.edgeenergy.examples.vision.FacePipeline;
import io.edgeenergy.examples.vision.StreamScores;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter;
import io.edgeenergy.runtime.meter.EnergyMeters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The camera face chain on the generated doorbell stream: motion gate (Java) → BlazeFace front 128 →
 * BlazeFace back 256 when the front model is unsure. Thresholds are calibrated on a validation stream
 * (its own seed), then the chain is compared on the test stream with the back model on every frame,
 * the front model alone and an oracle gate.
 */
@Command(name = "vision", mixinStandardHelpOptions = true,
    description = "Camera face chain (motion -> BlazeFace 128 -> 256) on a generated doorbell stream: recall, false alarms/h, J/h.")
final class VisionStreamCommand implements Callable<Integer> {
  static final String FRONT = "face_detection_front_128x128_barracuda.onnx";
  static final String BACK = "face_detection_back_256x256_barracuda.onnx";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--models", defaultValue = "models/vision",
      description = "Directory with the BlazeFace .onnx files and sources/ (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  /** Only ONNX: the BlazeFace graphs do not convert to TensorFlow Lite here. */
  enum Backend { onnx, tflite }

  @Option(names = "--backend", defaultValue = "onnx", description = "Backend: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Backend backend;

  @Option(names = "--minutes", defaultValue = "60", description = "Length of the test stream (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--validation-minutes", defaultValue = "90",
      description = "Length of each validation stream the thresholds are chosen on (default: ${DEFAULT-VALUE}).")
  int validationMinutes;

  @Option(names = "--seed", split = ",", defaultValue = "2",
      description = "Seed(s) of the test stream(s), each scored with the one calibration (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--validation-seeds", split = ",", defaultValue = "1,11,21,31",
      description = "Seeds of the validation streams, pooled for calibration (default: ${DEFAULT-VALUE}); never the test seed.")
  List<Long> validationSeeds;

  @Option(names = "--fps", defaultValue = "2", description = "Frames per second (default: ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--back-threshold", defaultValue = "0.5",
      description = "Face threshold of the back model, in every configuration (default: ${DEFAULT-VALUE}, MediaPipe's min_detection_confidence).")
  double backThreshold;

  @Option(names = "--max-recall-loss", defaultValue = "0",
      description = "Recall points the chain may lose vs the back model on every frame, on the pooled validation visits "
          + "(default: ${DEFAULT-VALUE}: none; a test stream has ~40 visits, so 1 point there is less than one visit).")
  double maxRecallLossPoints;

  @Option(names = "--budget-joules-per-hour",
      description = "Instead of the cheapest chain at the recall target: the best recall within this many J/h (on validation).")
  Double budget;

  @Option(names = "--curve", description = "Print the validation trade-off curve (recall vs J/h, Pareto front).")
  boolean curve;

  @Option(names = "--validation-visits-per-hour", defaultValue = "120",
      description = "Visits per hour of the validation stream (default: ${DEFAULT-VALUE}; the test stream has "
          + DoorbellStream.VISITS_PER_HOUR + "): more hard cases to calibrate on.")
  double validationVisitsPerHour;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the run (every configuration, the validation curve, the live chain's J per minute) as JSON "
          + "for `edgeenergy report --stream FILE`.")
  Path json;

  @Option(names = "--no-live", description = "Skip the live run of the chosen chain on the pipeline (the replay makes the "
      + "same decisions, checked frame by frame by FacePipelineTest); not with --json, which records it.")
  boolean noLive;

  @Option(names = "--scores-dir", paramLabel = "DIR",
      description = "Keep every stream's per-frame scores in DIR and reuse them (the detectors run once per stream; "
          + "delete DIR when the models change).")
  Path scoresDir;

  @Option(names = "--battery-wh", defaultValue = "50", description = "Battery for the projection, Wh (default: ${DEFAULT-VALUE}).")
  double batteryWh;

  @Option(names = "--base-power-watts",
      description = "The device's base power in the battery projection (default: the estimator's power profile's, else 0).")
  Double basePowerWatts;

  @Override
  public Integer call() {
    OutputFiles.requireWritable(spec.commandLine(), "--json", json);
    if (minutes < 1 || validationMinutes < 1 || !(fps > 0) || seeds.stream().anyMatch(validationSeeds::contains)
        || !(validationVisitsPerHour > 0) || !(batteryWh > 0) || basePowerWatts != null && !(basePowerWatts >= 0)) {
      throw new ParameterException(spec.commandLine(), "--minutes and --validation-minutes must be >= 1, --fps, "
          + "--validation-visits-per-hour and --battery-wh > 0, --base-power-watts >= 0, and --seed must not be one of "
          + "--validation-seeds");
    }
    if (json != null && (seeds.size() != 1 || noLive)) {
      throw new ParameterException(spec.commandLine(), "--json writes one test stream's run with its live chain: give one "
          + "--seed (not " + seeds + ") and no --no-live");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (backend == Backend.tflite) {
      out.println("BlazeFace does not run on the tflite backend here: edgeenergy's converter lowers only the MLP graphs of "
          + "models/train_digits.py (MatMul, Add, Relu, Softmax), and these tf2onnx exports need Conv (incl. depthwise), "
          + "MaxPool, Transpose, Reshape, Concat and ConstantOfShape; no TensorFlow converter is available on this machine. "
          + "Run with --backend onnx.");
      return 3;
    }
    try (EnergyMeter meter = EnergyMeters.detect().meter(); // ours to close, after the pipeline and models
         Model front = InferenceBackends.load(modelsDir.resolve(FRONT));
         Model back = InferenceBackends.load(modelsDir.resolve(BACK));
         BlazeFaceDetector frontDetector = new BlazeFaceDetector(front, StreamScores.BOX_FLOOR);
         BlazeFaceDetector backDetector = new BlazeFaceDetector(back, StreamScores.BOX_FLOOR)) {
      MeterLine.print(out, meter);
      List<StreamScores> validation = new ArrayList<>();
      for (long v : validationSeeds) {
        validation.add(record("validation", v, validationMinutes, validationVisitsPerHour,
            stream(v, validationMinutes, validationVisitsPerHour), frontDetector, backDetector, meter, out));
      }
      VisionCalibration.Choice choice = VisionCalibration.choose(validation, backThreshold, maxRecallLossPoints / 100,
          budget, out, curve);
      for (long seed : seeds) {
        test(seed, choice, front, back, frontDetector, backDetector, meter, out);
      }
    }
    out.flush(); // the last live summary: nothing prints after it
    return 0;
  }

  /** Scores the chosen chain against the others on the test stream of {@code seed}, then runs it live there. */
  private void test(long seed, VisionCalibration.Choice choice, Model front, Model back, BlazeFaceDetector frontDetector,
      BlazeFaceDetector backDetector, EnergyMeter meter, PrintWriter out) {
    DoorbellStream testStream = stream(seed, minutes, DoorbellStream.VISITS_PER_HOUR);   // scored, then run live
    StreamScores test = record("test", seed, minutes, DoorbellStream.VISITS_PER_HOUR, testStream, frontDetector,
        backDetector, meter, out);
    Thresholds t = choice.thresholds();
    Outcome always = FaceChainReplay.evaluate(test, Mode.ALWAYS_BACK, t);
    out.printf(Locale.ROOT, "%nTest stream (seed %d, %d min, %d visits); energy %s per call x calls:%n", seed, minutes,
        test.visits().size(), meter.quality());
    out.printf(Locale.ROOT, "  %-34s %8s %8s %10s %9s %7s %7s %7s %9s%n", "configuration", "recall", "FA/h", "J/h",
        "vs 256", "gate", "front", "back", "latency");
    List<Outcome> outcomes = List.of(always, FaceChainReplay.evaluate(test, Mode.ALWAYS_FRONT, t),
        FaceChainReplay.evaluate(test, Mode.CHAIN, t), FaceChainReplay.evaluate(test, Mode.MOTION_BACK, t),
        FaceChainReplay.evaluate(test, Mode.ORACLE_BACK, t));
    for (Outcome o : outcomes) {
      out.printf(Locale.ROOT, "  %-34s %7.2f%% %8.2f %10.2f %8.1fx %6.1f%% %6.1f%% %6.1f%% %7.2f s%n", label(o.mode()),
          100 * o.recall(), o.falseAlarmsPerHour(), o.joulesPerHour(), always.joulesPerHour() / o.joulesPerHour(),
          100 * o.gateDuty(), 100 * o.frontDuty(), 100 * o.backDuty(), o.meanLatencyFrames() / fps);
    }
    out.printf(Locale.ROOT, "  per call: motion gate %.3f mJ, front 128 %.3f mJ, back 256 %.3f mJ (%s; base power not "
        + "included)%n", test.gateNanojoules() / 1e6, test.frontNanojoules() / 1e6, test.backNanojoules() / 1e6,
        meter.quality());
    if (noLive) {
      return;
    }
    out.println("Live: the chosen chain on the SDK (TieredInferencePipeline + StreamRunner) over the test stream...");
    out.flush();
    DoorbellLiveRun live;
    try (FacePipeline chain = FacePipeline.build(DoorbellStream.SIZE, front, back, t, meter)) {
      live = DoorbellLiveRun.run(testStream, chain, (i, seconds, face, correct) -> { });
    }
    out.printf(Locale.ROOT, "  recall %.2f %% (%d/%d; replay: %.2f %%), %.2f J/h from the pipeline's ledger (replay: "
        + "%.2f J/h from per-call means)%n", 100 * live.recall(), live.detected(), live.visits(),
        100 * outcomes.get(2).recall(), live.report().joulesPerHour(), outcomes.get(2).joulesPerHour());
    out.print(live.report().summary().indent(2));
    if (json != null) {
      double base = basePowerWatts != null ? basePowerWatts
          : meter instanceof CpuTimeEstimatorMeter e ? e.profile().basePower().toWatts() : 0;
      VisionRunFile.of(this, seed, meter.name() + ": " + meter.description(), meter.quality().name(), test, outcomes, choice,
          live, base).write(json);
      out.println("Wrote " + json);
    }
  }

  static String label(Mode mode) {
    return switch (mode) {
      case ALWAYS_BACK -> "always back 256";
      case ALWAYS_FRONT -> "always front 128 (alone)";
      case CHAIN -> "motion -> front 128 -> back 256";
      case ORACLE_BACK -> "oracle gate -> back 256";
      case MOTION_BACK -> "motion -> back 256 (no front)";
    };
  }

  /** The doorbell stream of {@code streamSeed}; rendering a frame is a pure function of it, so one serves twice. */
  private DoorbellStream stream(long streamSeed, int streamMinutes, double visitsPerHour) {
    return DoorbellStream.generate(modelsDir.resolve("sources"), streamSeed, Duration.ofMinutes(streamMinutes), fps,
        visitsPerHour, DoorbellStream.DISTRACTORS_PER_HOUR);
  }

  private StreamScores record(String what, long streamSeed, int streamMinutes, double visitsPerHour, DoorbellStream stream,
      BlazeFaceDetector front, BlazeFaceDetector back, EnergyMeter meter, PrintWriter out) {
    out.printf(Locale.ROOT, "Rendering the %s stream (seed %d, %d min at %.1f fps, %.0f visits/h) and running every stage "
        + "on every frame%s...%n", what, streamSeed, streamMinutes, fps, visitsPerHour,
        scoresDir == null ? "" : " (or reading its scores from " + scoresDir + ")");
    out.flush();
    long t0 = System.nanoTime();
    StreamScores scores = VisionScoresCache.scores(scoresDir, streamSeed, streamMinutes, fps, visitsPerHour,
        () -> StreamScores.record(stream, front, back, meter));
    out.printf(Locale.ROOT, "  %d frames, %d visits (%d face frames), %d distractor frames, in %.0f s%n", scores.frames(),
        stream.visits().size(), VisionRunFile.faceFrames(scores), stream.distractorFrames(), (System.nanoTime() - t0) / 1e9);
    return scores;
  }
}
