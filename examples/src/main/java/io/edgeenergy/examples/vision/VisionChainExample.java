package io.edgeenergy.examples.vision;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.stream.StreamReport;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The camera face chain on ten minutes of the generated doorbell stream, on the SDK's pipeline and
 * stream runner ({@link FacePipeline}): motion gate (a Java function stage) → BlazeFace front 128 →
 * BlazeFace back 256 when the front model is unsure (and again while the back model is). Prints each face alarm,
 * the visits found and the chain's joules per hour (ESTIMATED on a machine without an energy meter).
 * The thresholds are the ones {@code edgeenergy stream vision} chose on its validation stream.
 *
 * <p>Run: {@code java -cp ... io.edgeenergy.examples.vision.VisionChainExample models/vision}
 */
public final class VisionChainExample {
  /**
   * Chosen by {@code edgeenergy stream vision} on its pooled validation streams (seeds 1, 11, 21, 31; 90 min
   * each, 120 visits/h; the cheapest setting that finds every visit the back model on every frame finds):
   * motion ≥ 0.02, back 256 when the front score is in [0.3, 0.6), on every 8th frame (keyframe) unless the
   * front model is sure, and again on the next frame while the back model is unsure (score in [0.25, 0.5));
   * see docs/BENCHMARKS.md.
   */
  static final Thresholds THRESHOLDS = new Thresholds(0.02, 0.3, 0.6, 0.5, Double.POSITIVE_INFINITY, 8,
      Double.POSITIVE_INFINITY, 0.25);

  private VisionChainExample() {}

  public static void main(String[] args) {
    Path models = Path.of(args.length > 0 ? args[0] : "models/vision");
    DoorbellStream stream = DoorbellStream.generate(models.resolve("sources"), 42, Duration.ofMinutes(10), 2);
    try (EnergyMeter meter = EnergyMeters.detect().meter(); // the caller owns it: closed after the pipeline
         Model frontModel = InferenceBackends.load(models.resolve("face_detection_front_128x128_barracuda.onnx"));
         Model backModel = InferenceBackends.load(models.resolve("face_detection_back_256x256_barracuda.onnx"));
         FacePipeline chain = FacePipeline.build(DoorbellStream.SIZE, frontModel, backModel, THRESHOLDS, meter)) {
      DoorbellLiveRun run = DoorbellLiveRun.run(stream, chain, (i, seconds, face, correct) ->
          System.out.printf("%6.1f s  face at (%.2f, %.2f), confidence %.2f%s%n", seconds, face.centerX(),
              face.centerY(), face.score(), correct ? "" : "  <- false alarm"));
      StreamReport report = run.report();
      System.out.print(report.summary());
      System.out.printf("%d of %d visits found; front 128 ran on %d of %d frames, back 256 on %d; %.1f J/h %s%n",
          run.detected(), run.visits(), report.stages().get(FacePipeline.FRONT).runs(), report.frames(),
          report.stages().get(FacePipeline.BACK).runs(), report.joulesPerHour(), report.quality());
    }
  }
}
