package io.edgeenergy.examples.vision;

/**
 * A frame-difference motion gate in plain Java: the frame's luminance averaged over 8×8-pixel cells,
 * compared with the previous frame's. The score is the mean absolute change per cell after removing
 * the mean change of all cells, so a uniform lighting drift scores ~0 while anything that moves scores
 * by its area and contrast. Averaging 64 pixels per cell also divides sensor noise by 8.
 *
 * <p>Stateful (it keeps the previous frame's cells): {@link #reset()} forgets them, and the first frame
 * after a reset scores {@link Float#POSITIVE_INFINITY} (nothing to compare with: let the detector look).
 * Not thread-safe. Costs ~0.1 ms per 256² frame here; {@link #score(java.nio.FloatBuffer)} allocates nothing.
 */
public final class MotionGate {
  private static final int CELL = 8;
  private final int width;
  private final int height;
  private final float[] previous;
  private final float[] current;
  private boolean primed;

  /** A gate for frames of this size (both multiples of 8). */
  public MotionGate(int width, int height) {
    if (width <= 0 || height <= 0 || width % CELL != 0 || height % CELL != 0) {
      throw new IllegalArgumentException("frame width and height must be positive multiples of " + CELL
          + ", got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.previous = new float[(width / CELL) * (height / CELL)];
    this.current = new float[previous.length];
  }

  /**
   * The motion between the previous frame and {@code frame}; 0 for identical frames.
   *
   * @throws BadFrameException the frame is not the gate's size, or holds NaN or infinite values
   */
  public float score(RgbFrame frame) {
    if (frame.width() != width || frame.height() != height) {
      throw new BadFrameException("the motion gate takes " + width + "x" + height + " frames (the stream's size), got "
          + frame.width() + "x" + frame.height() + "; resize frames before the gate");
    }
    return score(java.nio.FloatBuffer.wrap(frame.rgb()));
  }

  /**
   * The motion between the previous frame and a {@code height × width × 3} RGB frame (HWC, values in
   * [0, 1]) read from {@code rgb} by absolute index: the form a pipeline stage's input tensor has.
   *
   * @throws BadFrameException the buffer does not hold one frame, or holds NaN or infinite values
   */
  public float score(java.nio.FloatBuffer rgb) {
    if (rgb.limit() != width * height * 3) {
      throw new BadFrameException("the motion gate takes " + width + "x" + height + " RGB frames (" + width * height * 3
          + " values), got " + rgb.limit() + " values");
    }
    int cols = width / CELL;
    java.util.Arrays.fill(current, 0f);
    for (int y = 0; y < height; y++) {
      int rowCell = (y / CELL) * cols;
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        current[rowCell + x / CELL] += 0.299f * rgb.get(i) + 0.587f * rgb.get(i + 1) + 0.114f * rgb.get(i + 2);
      }
    }
    float norm = 1f / (CELL * CELL);
    double meanChange = 0;
    for (int c = 0; c < current.length; c++) {
      current[c] *= norm;
      if (!Float.isFinite(current[c])) {
        throw new BadFrameException("frame has a NaN or infinite pixel in cell " + c + " (rows " + (c / cols) * CELL
            + ".." + ((c / cols) * CELL + CELL - 1) + ", columns " + (c % cols) * CELL + ".." + ((c % cols) * CELL + CELL - 1)
            + "); frames must hold finite values in [0, 1]");
      }
      meanChange += current[c] - previous[c];
    }
    meanChange /= current.length;
    float score = 0;
    for (int c = 0; c < current.length; c++) {
      score += Math.abs(current[c] - previous[c] - (float) meanChange);
    }
    System.arraycopy(current, 0, previous, 0, current.length);
    if (!primed) {
      primed = true;
      return Float.POSITIVE_INFINITY;
    }
    return score / current.length;
  }

  /** Forgets the previous frame: the next one scores {@link Float#POSITIVE_INFINITY}. */
  public void reset() {
    primed = false;
  }
}
