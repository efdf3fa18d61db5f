package io.edgeenergy.examples.vision;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A BlazeFace model with its reused tensors: resizes a frame into the model's square NHWC input,
 * scaled to [-1, 1] (checked on the vendored barracuda exports: the face in the astronaut photo
 * scores 0.9+ that way and under 0.5 with [0, 1] inputs, see {@code BlazeFaceDetectorTest}), runs
 * it and decodes the faces. Outputs are found by shape, not by name: scores {@code [1, 512, 1]} and
 * {@code [1, 384, 1]}, boxes {@code [1, 512, 16]} and {@code [1, 384, 16]}.
 *
 * <p>Not thread-safe (it reuses its tensors); close it to free them. It does not own the model.
 */
public final class BlazeFaceDetector implements AutoCloseable {
  private final Model model;
  private final int size;
  private final Tensors io;
  private final int scores16;
  private final int scores8;
  private final int boxes16;
  private final int boxes8;
  private final BlazeFaceDecoder decoder;

  /**
   * @param model a BlazeFace front (128) or back (256) model
   * @param minScore faces below this confidence are not reported by {@link #detect}
   * @throws TensorMismatchException the model does not have BlazeFace's tensors
   */
  public BlazeFaceDetector(Model model, float minScore) {
    this.model = model;
    List<TensorSpec> ins = model.signature().inputs();
    if (ins.size() != 1 || ins.get(0).rank() != 4 || ins.get(0).dim(3) != 3 || ins.get(0).dim(1) != ins.get(0).dim(2)) {
      throw new TensorMismatchException(model.name() + " is not a BlazeFace model: expected one input [1, S, S, 3] (NHWC), got "
          + model.signature().inputs());
    }
    this.size = (int) ins.get(0).dim(1);
    List<TensorSpec> outs = model.signature().outputs();
    this.scores16 = find(outs, 512, 1);
    this.scores8 = find(outs, 384, 1);
    this.boxes16 = find(outs, 512, 16);
    this.boxes8 = find(outs, 384, 16);
    this.io = Tensors.of(model);
    this.decoder = new BlazeFaceDecoder(size, minScore);
  }

  private int find(List<TensorSpec> outs, int anchors, int values) {
    for (int i = 0; i < outs.size(); i++) {
      TensorSpec s = outs.get(i);
      if (s.rank() == 3 && s.dim(1) == anchors && s.dim(2) == values) {
        return i;
      }
    }
    throw new TensorMismatchException(model.name() + " is not a BlazeFace model: no output [1, " + anchors + ", "
        + values + "] among " + outs);
  }

  /** The model's input width and height in pixels. */
  public int inputSize() {
    return size;
  }

  /** The model this detector runs. */
  public Model model() {
    return model;
  }

  /**
   * Runs the model on {@code frame} and returns the highest face confidence (0..1) over all anchors.
   * Call {@link #faces()} afterwards for the boxes.
   *
   * @throws BadFrameException the frame holds NaN or infinite values
   */
  public float score(RgbFrame frame) {
    int bad = frame.firstNonFinite();
    if (bad >= 0) {
      throw new BadFrameException("frame value " + bad + " (pixel " + bad / 3 + ", channel " + bad % 3 + ") is "
          + frame.rgb()[bad] + "; frames must hold finite values in [0, 1]");
    }
    Resize.into(frame, size, io.inputs()[0].floats());
    model.run(io.inputs(), io.outputs());
    return BlazeFaceDecoder.maxScore(out(scores16), out(scores8));
  }

  /** The faces of the last {@link #score} call, decoded and suppressed, best first. */
  public List<FaceBox> faces() {
    return decoder.decode(out(scores16), out(scores8), out(boxes16), out(boxes8));
  }

  /** Scores {@code frame} and returns its faces. */
  public List<FaceBox> detect(RgbFrame frame) {
    score(frame);
    return faces();
  }

  private FloatBuffer out(int index) {
    Tensor t = io.outputs()[index];
    return t.floats();
  }

  @Override
  public void close() {
    io.close();
  }
}
