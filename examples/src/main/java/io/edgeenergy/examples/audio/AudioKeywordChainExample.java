package io.edgeenergy.examples.audio;

import io.edgeenergy.Energy;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The always-on audio keyword chain on bundled data: energy gate (Java RMS) → Silero VAD v5 (stateful,
 * state carried between 32 ms chunks) → a keyword model trained in this repository, compared with the
 * keyword model on every frame and an oracle gate. Thresholds are calibrated on a validation stream
 * (another voice, another seed); the table comes from the held-out-voice test stream.
 *
 * <p>Usage: {@code AudioKeywordChainExample [models/audio] [minutes=60] [keyword model]}
 * (default {@value AudioChainEvaluation#DEFAULT_KEYWORD_MODEL}; {@code keyword_dscnn.onnx}, DS-CNN-S,
 * adds the cascade in which the default model screens for it); {@code edgeenergy stream audio}
 * runs the same with more options. Energy is ESTIMATED: every configuration runs on a
 * {@code TieredInferencePipeline} fed by a {@code StreamRunner}, metered by the CPU-time estimator
 * with the Raspberry Pi 5 profile (this machine's CPU time × the Pi 5's active power per core).
 */
public final class AudioKeywordChainExample {
  private AudioKeywordChainExample() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "models/audio");
    double minutes = args.length > 1 ? Double.parseDouble(args[1]) : 60;
    PowerProfile pi5 = PowerProfile.builtIn(PowerProfile.RASPBERRY_PI_5);
    String model = args.length > 2 ? args[2] : AudioChainEvaluation.DEFAULT_KEYWORD_MODEL;
    var config = new AudioChainEvaluation.Config(dir, model, AudioChainEvaluation.defaultCascadeFor(model),
        Duration.ofMillis((long) (minutes * 60_000)),
        1, 2, pi5, Energy.ofWattHours(50));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    AudioChainReport.print(AudioChainEvaluation.run(config, out::println), out, false);
    out.flush();
  }
}
