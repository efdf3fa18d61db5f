package io.edgeenergy.examples.vision;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.TensorMismatchException;
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
  private final BlazeFaceOutputs layout;
  private final Tensors io;
  private final BlazeFaceDecoder decoder;

  /**
   * @param model a BlazeFace front (128) or back (256) model
   * @param minScore faces below this confidence are not reported by {@link #detect}
   * @throws TensorMismatchException the model does not have BlazeFace's tensors
   */
  public BlazeFaceDetector(Model model, float minScore) {
    this.model = model;
    this.layout = BlazeFaceOutputs.of(model);
    this.io = Tensors.of(model);
    this.decoder = new BlazeFaceDecoder(layout.size(), minScore);
  }

  /** The model's input width and height in pixels. */
  public int inputSize() {
    return layout.size();
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
    Resize.into(frame, layout.size(), io.inputs()[0].floats());
    model.run(io.inputs(), io.outputs());
    return layout.maxScore(this::out);
  }

  /** The faces of the last {@link #score} call, decoded and suppressed, best first. */
  public List<FaceBox> faces() {
    return layout.decode(decoder, this::out);
  }

  /** Scores {@code frame} and returns its faces. */
  public List<FaceBox> detect(RgbFrame frame) {
    score(frame);
    return faces();
  }

  private FloatBuffer out(int index) {
    return io.outputs()[index].floats();
  }

  @Override
  public void close() {
    io.close();
  }
}
