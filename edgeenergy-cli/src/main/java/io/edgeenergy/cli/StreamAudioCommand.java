package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.examples.audio.AudioChainEvaluation;
import io.edgeenergy.examples.audio.AudioChainReport;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
      description = "Backend of the keyword model: onnx (keyword_dscnn.onnx) or tflite (keyword_mlp.tflite;"
          + " Silero stays on ONNX Runtime: the repository's converter handles MLPs only). Default: ${DEFAULT-VALUE}.")
  String backend;

  @Option(names = "--keyword-model", description = "Keyword model file in --models (overrides --backend's choice).")
  String keywordModel;

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

  @Override
  public Integer call() {
    PowerProfile p = PowerProfile.builtIn(profile);
    String model = keywordModel != null ? keywordModel
        : backend.equalsIgnoreCase("tflite") ? "keyword_mlp.tflite" : "keyword_dscnn.onnx";
    var config = new AudioChainEvaluation.Config(modelsDir, model, Duration.ofMillis((long) (minutes * 60_000)),
        validationSeed, testSeed, p, Energy.ofWattHours(batteryWh));
    PrintWriter out = spec.commandLine().getOut();
    out.println("profile " + p.name() + " (" + p.source() + ")");
    var result = AudioChainEvaluation.run(config, line -> {
      out.println(line);
      out.flush();
    });
    AudioChainReport.print(result, out, curves);
    out.flush();
    return 0;
  }
}
