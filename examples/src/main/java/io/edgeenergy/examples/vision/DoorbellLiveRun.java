package io.edgeenergy.examples.vision;

import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.stream.StreamReport;
import io.edgeenergy.stream.StreamRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FacePipeline} run live over a {@link DoorbellStream}, frame by frame on a
 * {@link StreamRunner}, scored against the stream's ground truth: the loop the example and
 * {@code edgeenergy stream vision} share. Rendering a frame is the camera's work and is not charged;
 * the joules are the pipeline's ledger.
 *
 * @param report the runner's report (duty cycles, J/h, events, dropped and skipped frames)
 * @param detected visits with a correct face alarm (its box centre in the true face box)
 * @param visits visits in the stream
 * @param joulesPerMinute the ledger's joules in each minute of stream
 */
public record DoorbellLiveRun(StreamReport report, int detected, int visits, List<Double> joulesPerMinute) {
  /** Told of every face alarm, in frame order. */
  @FunctionalInterface
  public interface AlarmListener {
    /**
     * @param frame the frame index
     * @param seconds the frame's time in the stream
     * @param face the face the chain reported
     * @param correct whether its centre lies in the true face box (otherwise a false alarm)
     */
    void alarm(int frame, double seconds, FaceBox face, boolean correct);
  }

  /** Copies the per-minute list. */
  public DoorbellLiveRun {
    joulesPerMinute = List.copyOf(joulesPerMinute);
  }

  /** Runs every frame of {@code stream} through {@code chain} (its runner at the stream's rate), telling {@code alarms}. */
  public static DoorbellLiveRun run(DoorbellStream stream, FacePipeline chain, AlarmListener alarms) {
    StreamRunner<float[]> runner = chain.runner(stream.fps()).build();
    RgbFrame frame = RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE);
    boolean[] found = new boolean[stream.visits().size()];
    List<Double> perMinute = new ArrayList<>();
    int framesPerMinute = (int) Math.round(60 * stream.fps());
    double before = 0;
    int visit = 0;
    for (int i = 0; i < stream.frameCount(); i++) {
      stream.render(i, frame); // the camera's work: not charged to the chain
      InferenceResult r = runner.frame(frame.rgb());
      FaceBox face = chain.face(r);
      if (face != null) {
        FaceBox truth = stream.truth(i);
        boolean correct = truth != null && truth.contains(face.centerX(), face.centerY());
        if (correct) {
          while (!stream.visits().get(visit).contains(i)) {
            visit++; // visits are in frame order and do not overlap
          }
          found[visit] = true;
        }
        alarms.alarm(i, i / stream.fps(), face, correct);
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
    return new DoorbellLiveRun(runner.report(), hits, found.length, perMinute);
  }

  /** Visits found over visits (1 for a stream without visits). */
  public double recall() {
    return visits == 0 ? 1 : (double) detected / visits;
  }
}
