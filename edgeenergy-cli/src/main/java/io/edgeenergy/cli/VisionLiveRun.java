package io.edgeenergy.cli;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.examples.vision.DoorbellStream;
import io.edgeenergy.examples.vision.FaceBox;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.examples.vision.FacePipeline;
import io.edgeenergy.examples.vision.RgbFrame;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.stream.StreamReport;
import io.edgeenergy.stream.StreamRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * The chosen chain run live on the test stream, on the SDK: {@link FacePipeline} (motion function
 * stage → BlazeFace 128 → 256) fed frame by frame by a {@link StreamRunner}, its joules from the
 * pipeline's meter and ledger. The replay predicts the same decisions; this is the run a device makes.
 *
 * @param report the runner's report (duty cycles, J/h, events)
 * @param detected visits with a correct face alarm
 * @param visits visits in the stream
 * @param joulesPerMinute the ledger's joules in each minute of stream
 */
record VisionLiveRun(StreamReport report, int detected, int visits, List<Double> joulesPerMinute) {

  /** Runs {@code stream} through the chain with {@code thresholds}, charging {@code meter}. */
  static VisionLiveRun run(DoorbellStream stream, Model front, Model back, Thresholds thresholds, EnergyMeter meter) {
    try (FacePipeline chain = FacePipeline.build(DoorbellStream.SIZE, front, back, thresholds, meter)) {
      StreamRunner<float[]> runner = chain.runner(stream.fps()).build();
      RgbFrame frame = RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE);
      boolean[] found = new boolean[stream.visits().size()];
      List<Double> perMinute = new ArrayList<>();
      int framesPerMinute = (int) Math.round(60 * stream.fps());
      double before = 0;
      for (int i = 0; i < stream.frameCount(); i++) {
        stream.render(i, frame); // the camera's work: not charged to the chain
        InferenceResult r = runner.frame(frame.rgb());
        FaceBox face = chain.face(r);
        FaceBox truth = stream.truth(i);
        if (face != null && truth != null && truth.contains(face.centerX(), face.centerY())) {
          for (int v = 0; v < found.length; v++) {
            found[v] |= stream.visits().get(v).contains(i);
          }
        }
        if ((i + 1) % framesPerMinute == 0 || i == stream.frameCount() - 1) {
          double total = chain.pipeline().ledger().snapshot().total().toJoules();
          perMinute.add(total - before);
          before = total;
        }
      }
      runner.finish();
      int hits = 0;
      for (boolean f : found) {
        hits += f ? 1 : 0;
      }
      return new VisionLiveRun(runner.report(), hits, found.length, perMinute);
    }
  }

  /** Visits found over visits (1 for a stream without visits). */
  double recall() {
    return visits == 0 ? 1 : (double) detected / visits;
  }
}
