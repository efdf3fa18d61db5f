package io.edgeenergy.examples.vision;

import io.edgeenergy.energy.EnergyMeter;
import java.util.List;

/**
 * Every stage's answer on every frame of a stream, and each stage's measured cost per call: what a
 * chain calibrator replays. The models are stateless and the motion gate's state is the previous frame
 * whether or not it passed, so replaying these scores gives exactly the decisions a live chain would
 * make for any thresholds; {@code FacePipelineTest} checks that against the live {@link FacePipeline}.
 *
 * @param motion motion gate score per frame ({@code +Inf} on the first)
 * @param front front model's highest face confidence per frame
 * @param back back model's highest face confidence per frame
 * @param frontFace front model's best face per frame, {@code null} below {@link #BOX_FLOOR}
 * @param backFace back model's best face per frame, {@code null} below {@link #BOX_FLOOR}
 * @param truth the true face per frame, {@code null} when there is none
 * @param visits the stream's face intervals
 * @param hours stream length in hours
 * @param gateNanojoules mean energy of one motion-gate call (the meter's quality applies)
 * @param frontNanojoules mean energy of one front-model call, resize and decoding included
 * @param backNanojoules mean energy of one back-model call, resize and decoding included
 */
public record StreamScores(float[] motion, float[] front, float[] back, FaceBox[] frontFace, FaceBox[] backFace,
    FaceBox[] truth, List<DoorbellStream.Visit> visits, double hours, double gateNanojoules, double frontNanojoules,
    double backNanojoules) {
  /** Boxes below this confidence are not kept: no threshold a calibrator tries goes lower. */
  public static final float BOX_FLOOR = 0.2f;

  /** Frames in the stream. */
  public int frames() {
    return motion.length;
  }

  /**
   * Renders {@code stream} and runs the gate and both detectors on every frame, metering each call
   * with {@code meter} (read before and after each call).
   */
  public static StreamScores record(DoorbellStream stream, BlazeFaceDetector frontModel, BlazeFaceDetector backModel,
      EnergyMeter meter) {
    int n = stream.frameCount();
    float[] motion = new float[n];
    float[] front = new float[n];
    float[] back = new float[n];
    FaceBox[] frontFace = new FaceBox[n];
    FaceBox[] backFace = new FaceBox[n];
    FaceBox[] truth = new FaceBox[n];
    MotionGate gate = new MotionGate(DoorbellStream.SIZE, DoorbellStream.SIZE);
    RgbFrame frame = RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE);
    long gateNj = 0;
    long frontNj = 0;
    long backNj = 0;
    for (int i = 0; i < n; i++) {
      stream.render(i, frame);
      truth[i] = stream.truth(i);
      long e0 = meter.readNanojoules();
      motion[i] = gate.score(frame);
      long e1 = meter.readNanojoules();
      front[i] = frontModel.score(frame);
      frontFace[i] = best(frontModel.faces());
      long e2 = meter.readNanojoules();
      back[i] = backModel.score(frame);
      backFace[i] = best(backModel.faces());
      long e3 = meter.readNanojoules();
      gateNj += e1 - e0;
      frontNj += e2 - e1;
      backNj += e3 - e2;
    }
    return new StreamScores(motion, front, back, frontFace, backFace, truth, stream.visits(),
        stream.length().toMillis() / 3.6e6, (double) gateNj / n, (double) frontNj / n, (double) backNj / n);
  }

  private static FaceBox best(List<FaceBox> faces) {
    return faces.isEmpty() ? null : faces.get(0);
  }
}
