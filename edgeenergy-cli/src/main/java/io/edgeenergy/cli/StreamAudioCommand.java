package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.examples.audio.AudioChainEvaluation;
import io.edgeenergy.examples.audio.AudioChainReport;
import io.edgeenergy.examples.audio.ChainScore;
import io.edgeenergy.examples.audio.KeywordChain;
import io.edgeenergy.policy.ChainCalibration;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.stream.StreamReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code edgeenergy stream audio}: the keyword chain (energy gate → Silero VAD v5 → keyword model)
 * on a stream built from the bundled clip pool, against the keyword model on every frame and an
 * oracle gate. Thresholds are calibrated on a validation stream; figures come from the test stream.
 */
@Command(name = "audio", mixinStandardHelpOptions = true,
    description = {"Audio keyword chain on bundled data: energy gate -> Silero VAD v5 -> keyword model.",
        "Builds a validation stream and a held-out-voice test stream (seeded), calibrates the gates on validation,"
            + " and reports recall, false accepts/h, latency, joules/h and battery life (ESTIMATED) for four chains."})
public final class StreamAudioCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--models", defaultValue = "models/audio",
      description = "Directory with the audio models and pool (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  @Option(names = "--backend", defaultValue = "onnx",
      description = "Backend of the keyword model: onnx (keyword_dscnn_small.onnx) or tflite (keyword_mlp.tflite;"
          + " Silero stays on ONNX Runtime: the repository's converter handles MLPs only). Default: ${DEFAULT-VALUE}.")
  String backend;

  @Option(names = "--keyword-model", description = "Keyword model file in --models (overrides --backend's choice).")
  String keywordModel;

  @Option(names = "--cascade-model", paramLabel = "FILE",
      description = "Screen: a keyword model in --models that screens for the keyword model (adds the energy -> screen ->"
          + " keyword rows; a model reading fewer than 49 log-mel frames reads every (49 / n)-th); default "
          + AudioChainEvaluation.DEFAULT_SCREEN + " (every other frame) when the keyword model is keyword_dscnn.onnx"
          + " (DS-CNN-S); keyword_dscnn_small.onnx reads all 49; none: no cascade.")
  String cascadeModel;

  @Option(names = "--minutes", defaultValue = "60", description = "Length of each stream (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--validation-seed", defaultValue = "1", description = "Seed of the validation stream.")
  long validationSeed;

  @Option(names = "--seed", defaultValue = "2", description = "Seed of the test stream.")
  long testSeed;

  @Option(names = "--profile", defaultValue = PowerProfile.RASPBERRY_PI_5,
      description = "Power profile for active and base power (default: ${DEFAULT-VALUE}); one of "
          + "generic-x86-64, generic-x86-laptop, raspberry-pi-4, raspberry-pi-5, jetson-orin-nano.")
  String profile;

  @Option(names = "--battery-wh", defaultValue = "50", description = "Battery for the projection, Wh (default: ${DEFAULT-VALUE}).")
  double batteryWh;

  @Option(names = "--curves", description = "Also print the validation trade-off fronts the calibration chose from.")
  boolean curves;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the run as JSON (format " + StreamRun.FORMAT + ", read by `edgeenergy report --stream`).")
  Path json;

  @Override
  public Integer call() {
    if (json != null) {
      OutputFiles.requireWritable(spec.commandLine(), "--json", json);
    }
    PowerProfile p = PowerProfile.builtIn(profile);
    String model = keywordModel != null ? keywordModel
        : backend.equalsIgnoreCase("tflite") ? "keyword_mlp.tflite" : AudioChainEvaluation.DEFAULT_KEYWORD_MODEL;
    String screen = cascadeModel != null ? (cascadeModel.equalsIgnoreCase("none") ? null : cascadeModel)
        : AudioChainEvaluation.defaultCascadeFor(model);
    var config = new AudioChainEvaluation.Config(modelsDir, model, screen, Duration.ofMillis((long) (minutes * 60_000)),
        validationSeed, testSeed, p, Energy.ofWattHours(batteryWh));
    PrintWriter out = spec.commandLine().getOut();
    out.println("profile " + p.name() + " (" + p.source() + ")");
    var result = AudioChainEvaluation.run(config, line -> {
      out.println(line);
      out.flush();
    });
    AudioChainReport.print(result, out, curves);
    if (json != null) {
      toStreamRun(result, p, minutes, testSeed).write(json);
      out.println("wrote " + json);
    }
    out.flush();
    return 0;
  }

  /** The run in the stream-report schema: every configuration on the test stream, the chosen chain's curve. */
  static StreamRun toStreamRun(AudioChainEvaluation.Result r, PowerProfile p, double minutes, long seed) {
    AudioChainEvaluation.Config c = r.config();
    List<StreamRun.Config> configs = new ArrayList<>();
    String quality = "ESTIMATED";
    KeywordChain.Run chosenRun = null;
    for (AudioChainEvaluation.Row row : r.rows()) {
      ChainScore s = row.score();
      KeywordChain.Run run = row.run();
      quality = run.report().quality().name();
      boolean chosen = row.gate() == r.chosen();
      chosenRun = chosen ? run : chosenRun;
      List<StreamRun.StageShare> stages = new ArrayList<>();
      for (StreamReport.StageDuty d : run.report().stages()) {
        int i = KeywordChain.STAGES.indexOf(d.tier());
        if (i >= 0) {   // the oracle's own stage is free by definition
          stages.add(new StreamRun.StageShare(d.tier(), d.runs(), d.dutyCycle(), s.stageJoulesPerHour()[i]));
        }
      }
      String role = switch (row.gate()) {
        case EVERY_FRAME -> StreamRun.Config.EVERY_FRAME;
        case ORACLE -> StreamRun.Config.ORACLE;
        default -> StreamRun.Config.CHAIN;
      };
      double p50 = s.latencyMs(0.5);
      // latency is detection time minus the keyword clip's end: negative when the model fires before the
      // clip's trailing silence is over
      configs.add(new StreamRun.Config(AudioChainReport.label(row.gate()), role, chosen, s.recall(),
          s.falseAcceptsPerHour(), s.joulesPerHour(), s.batteryHours(c.battery(), c.basePower()),
          Double.isNaN(p50) ? null : p50, stages));
    }
    List<StreamRun.CurvePoint> curve = new ArrayList<>();
    double[] picked = r.rows().stream().filter(x -> x.gate() == r.chosen()).findFirst().orElseThrow().settings()
        .gateThresholds();
    for (ChainCalibration.Point pt : ChainCalibration.front(r.chosenCurve())) {
      curve.add(new StreamRun.CurvePoint(Arrays.toString(pt.thresholds()), pt.recall(), pt.joulesPerHour(),
          Arrays.equals(pt.thresholds(), Arrays.copyOf(picked, pt.thresholds().length))));
    }
    List<Double> perMinute = Arrays.stream(chosenRun.joulesPerMinute()).boxed().toList();
    double hours = r.rows().get(0).score().hours();
    return new StreamRun(StreamRun.FORMAT, StreamRun.AUDIO_KEYWORD, quality,
        "cpu-time-estimator, profile " + p.name() + " (" + p.source() + "), this machine's CPU time", minutes, seed,
        r.test() + "; latency p50 = detection - keyword clip end (negative: fired before the clip's trailing silence ended)",
        r.rows().get(0).score().keywords() / hours, c.battery().toWattHours(), c.basePower().toWatts(), null,
        configs, curve, perMinute.isEmpty() ? List.of(chosenRun.joules().length == 0 ? 0.0
            : Arrays.stream(chosenRun.joules()).sum()) : perMinute);
  }
}
