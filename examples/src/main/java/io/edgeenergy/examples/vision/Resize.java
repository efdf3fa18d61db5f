package io.edgeenergy.examples.vision;

import java.nio.FloatBuffer;

/** Resizes a frame into a square model input, scaled from [0, 1] to BlazeFace's [-1, 1]. */
final class Resize {
  private Resize() {}

  /**
   * Writes {@code frame} resized to {@code size × size} into {@code dst} (HWC, RGB), each value
   * {@code 2v - 1}. Downscaling by an integer factor averages the factor×factor block (what a camera
   * ISP's binning does, and no aliasing); any other ratio samples bilinearly.
   */
  static void into(RgbFrame frame, int size, FloatBuffer dst) {
    into(frame.rgb(), frame.width(), frame.height(), size, dst);
  }

  /** As {@link #into(RgbFrame, int, FloatBuffer)}, from a {@code h × w × 3} array. */
  static void into(float[] src, int w, int h, int size, FloatBuffer dst) {
    if (w % size == 0 && h % size == 0 && w / size == h / size) {
      int f = w / size;
      float norm = 2f / (f * f);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          for (int c = 0; c < 3; c++) {
            float sum = 0;
            for (int dy = 0; dy < f; dy++) {
              int row = (y * f + dy) * w;
              for (int dx = 0; dx < f; dx++) {
                sum += src[(row + x * f + dx) * 3 + c];
              }
            }
            dst.put((y * size + x) * 3 + c, sum * norm - 1f);
          }
        }
      }
      return;
    }
    float sx = (float) w / size;
    float sy = (float) h / size;
    for (int y = 0; y < size; y++) {
      float fy = Math.max(0, Math.min(h - 1, (y + 0.5f) * sy - 0.5f));
      int y0 = (int) fy;
      int y1 = Math.min(h - 1, y0 + 1);
      float ty = fy - y0;
      for (int x = 0; x < size; x++) {
        float fx = Math.max(0, Math.min(w - 1, (x + 0.5f) * sx - 0.5f));
        int x0 = (int) fx;
        int x1 = Math.min(w - 1, x0 + 1);
        float tx = fx - x0;
        for (int c = 0; c < 3; c++) {
          float top = src[(y0 * w + x0) * 3 + c] * (1 - tx) + src[(y0 * w + x1) * 3 + c] * tx;
          float bottom = src[(y1 * w + x0) * 3 + c] * (1 - tx) + src[(y1 * w + x1) * 3 + c] * tx;
          dst.put((y * size + x) * 3 + c, 2f * (top * (1 - ty) + bottom * ty) - 1f);
        }
      }
    }
  }
}
