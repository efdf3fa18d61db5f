package io.edgeenergy.examples.vision;

import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;

/**
 * The camera face chain, live: a frame-difference {@link MotionGate} (plain Java) on every frame;
 * while it is open (motion now or within {@link FaceChainReplay#HANGOVER_FRAMES} frames), BlazeFace
 * front 128; when the front model is unsure ({@code frontUnsure ≤ score < frontSure}), BlazeFace
 * back 256. The decisions are exactly those {@link FaceChainReplay} computes from recorded scores.
 *
 * <p>Bad input: a frame of another size than the chain's is a {@link BadFrameException} (the camera
 * is misconfigured; nothing sensible can be done per frame). A frame with NaN or infinite pixels is
 * <b>skipped and counted</b> ({@link #skippedFrames()}): no stage runs, no alarm, the motion gate keeps
 * comparing with the last good frame. Not thread-safe; the detectors belong to the caller.
 */
public final class FaceChain {
  private final MotionGate gate;
  private final BlazeFaceDetector front;
  private final BlazeFaceDetector back;
  private final Thresholds t;
  private int sinceMotion = Integer.MAX_VALUE / 2;
  private long frames;
  private long frontRuns;
  private long backRuns;
  private long skipped;

  /** A chain for {@code size}² frames. */
  public FaceChain(int size, BlazeFaceDetector front, BlazeFaceDetector back, Thresholds thresholds) {
    this.gate = new MotionGate(size, size);
    this.front = front;
    this.back = back;
    this.t = thresholds;
  }

  /**
   * Runs the chain on one frame.
   *
   * @return the face found (its box, the answering model's confidence), or {@code null}
   * @throws BadFrameException the frame is not the chain's size
   */
  public FaceBox process(RgbFrame frame) {
    frames++;
    float motion;
    try {
      motion = gate.score(frame);
    } catch (BadFrameException e) {
      if (frame.firstNonFinite() < 0) {
        throw e; // wrong size: a configuration error, not a bad frame
      }
      skipped++;
      return null;
    }
    sinceMotion = motion >= t.motion() ? 0 : sinceMotion + 1;
    if (sinceMotion > FaceChainReplay.HANGOVER_FRAMES) {
      return null;
    }
    frontRuns++;
    float f = front.score(frame);
    if (f >= t.frontSure()) {
      return first(front);
    }
    if (f < t.frontUnsure()) {
      return null;
    }
    backRuns++;
    return back.score(frame) >= t.back() ? first(back) : null;
  }

  private static FaceBox first(BlazeFaceDetector d) {
    var faces = d.faces();
    return faces.isEmpty() ? null : faces.get(0);
  }

  /** Frames given to {@link #process}. */
  public long frames() {
    return frames;
  }

  /** Frames the front model ran on. */
  public long frontRuns() {
    return frontRuns;
  }

  /** Frames the back model ran on. */
  public long backRuns() {
    return backRuns;
  }

  /** Frames skipped because they held NaN or infinite pixels. */
  public long skippedFrames() {
    return skipped;
  }

  /** Forgets the previous frame and the hang-over (e.g. after the camera was off). */
  public void reset() {
    gate.reset();
    sinceMotion = Integer.MAX_VALUE / 2;
  }
}
