package io.edgeenergy.examples.vision;

import java.nio.file.Path;

/**
 * The still parts of the doorbell stream, built once from the committed photos: the background (a
 * tinted brick wall over a gravel path with a grass verge), the person (the astronaut photo with a
 * soft head-and-shoulders mask) and the grey textures moving patches are cut from.
 */
final class DoorbellScene {
  static final int SIZE = 256;
  /** Where the face is in {@code astronaut.png} (256 px): centre and width, as both BlazeFace models find it. */
  static final float FACE_X = 112.5f;
  static final float FACE_Y = 64f;
  static final float FACE_WIDTH = 50f;

  final float[] background = new float[SIZE * SIZE * 3];
  final RgbFrame person;
  /** Person opacity per source pixel, 0..1. */
  final float[] personAlpha = new float[SIZE * SIZE];
  final float[][] textures;

  DoorbellScene(Path sources) {
    person = RgbFrame.read(sources.resolve("astronaut.png"));
    float[] brick = grey(RgbFrame.read(sources.resolve("brick.png")));
    float[] grass = grey(RgbFrame.read(sources.resolve("grass.png")));
    float[] gravel = grey(RgbFrame.read(sources.resolve("gravel.png")));
    textures = new float[][] {brick, grass, gravel};
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int p = y * SIZE + x;
        float[] tint;
        float v;
        if (y < 170) {
          tint = new float[] {0.85f, 0.55f, 0.45f};
          v = brick[p];
        } else if (x < 60 || x > 215) {
          tint = new float[] {0.45f, 0.75f, 0.35f};
          v = grass[p];
        } else {
          tint = new float[] {0.75f, 0.72f, 0.65f};
          v = gravel[p];
        }
        for (int c = 0; c < 3; c++) {
          background[p * 3 + c] = 0.1f + 0.8f * v * tint[c];
        }
        personAlpha[p] = Math.max(ellipse(x, y, FACE_X, 62, 46, 60), ellipse(x, y, FACE_X, 205, 108, 95));
      }
    }
  }

  /** 1 inside the ellipse, 0 outside, a soft 4-px edge between (no hard cut-out seam for the detector to key on). */
  private static float ellipse(int x, int y, float cx, float cy, float rx, float ry) {
    double d = Math.hypot((x - cx) / rx, (y - cy) / ry);
    double edge = 4.0 / Math.min(rx, ry);
    return (float) Math.max(0, Math.min(1, (1 - d) / edge + 0.5));
  }

  private static float[] grey(RgbFrame f) {
    float[] g = new float[f.width() * f.height()];
    for (int i = 0; i < g.length; i++) {
      g[i] = f.rgb()[i * 3];
    }
    return g;
  }
}
