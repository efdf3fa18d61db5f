package io.edgeenergy.examples.vision;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns BlazeFace's raw outputs into face boxes, as MediaPipe's face detection graph does: SSD
 * anchors (MediaPipe's {@code SsdAnchorsCalculator} settings for the front and back models), sigmoid
 * scores clipped at ±100, box offsets relative to the anchor centre, and weighted non-maximum
 * suppression (IoU > 0.3 boxes are averaged, weighted by score).
 *
 * <p>Both models have the same anchor layout: a 16×16 grid with 2 anchors per cell (512) and an 8×8
 * grid with 6 per cell (384), 896 in all, each of size 1 ({@code fixed_anchor_size}) centred at
 * ({@code (x + 0.5) / n}, {@code (y + 0.5) / n}). The front model (128 px input, strides 8 and 16)
 * and the back model (256 px, strides 16 and 32) differ only in the scale their offsets are in:
 * pixels of the input, i.e. 128 or 256. The 6 keypoints (eyes, nose, mouth, ears) are not decoded.
 */
public final class BlazeFaceDecoder {
  /** MediaPipe's {@code min_suppression_threshold} for face detection. */
  public static final float NMS_IOU = 0.3f;
  /** MediaPipe clips logits to ±100 before the sigmoid ({@code score_clipping_thresh}). */
  private static final float CLIP = 100f;
  private static final int VALUES_PER_ANCHOR = 16;
  private static final int[] GRID = {16, 8};
  private static final int[] PER_CELL = {2, 6};

  private final float inputSize;
  private final float minScore;
  private final float[] anchorX = new float[896];
  private final float[] anchorY = new float[896];

  /**
   * @param inputSize the model's input width in pixels (128 front, 256 back): the unit of the offsets
   * @param minScore boxes below this confidence are dropped before suppression
   */
  public BlazeFaceDecoder(int inputSize, float minScore) {
    if (inputSize <= 0 || !(minScore >= 0 && minScore < 1)) {
      throw new IllegalArgumentException("inputSize must be positive and minScore in [0, 1), got "
          + inputSize + ", " + minScore);
    }
    this.inputSize = inputSize;
    this.minScore = minScore;
    int a = 0;
    for (int layer = 0; layer < GRID.length; layer++) {
      int n = GRID[layer];
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          for (int k = 0; k < PER_CELL[layer]; k++, a++) {
            anchorX[a] = (x + 0.5f) / n;
            anchorY[a] = (y + 0.5f) / n;
          }
        }
      }
    }
  }

  /** Number of anchors the outputs must cover. */
  public static int anchorCount() {
    return 896;
  }

  /** The sigmoid of a logit, clipped as MediaPipe does. */
  public static float sigmoid(float logit) {
    float z = Math.max(-CLIP, Math.min(CLIP, logit));
    return (float) (1 / (1 + Math.exp(-z)));
  }

  /**
   * The highest face confidence over all anchors (no suppression needed for a max): the cheap
   * "is there a face at all" score a gate looks at.
   */
  public static float maxScore(FloatBuffer scores16, FloatBuffer scores8) {
    float best = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < scores16.limit(); i++) {
      best = Math.max(best, scores16.get(i));
    }
    for (int i = 0; i < scores8.limit(); i++) {
      best = Math.max(best, scores8.get(i));
    }
    return sigmoid(best);
  }

  /**
   * Decodes all boxes at or above the minimum score and suppresses overlaps.
   *
   * @param scores16 logits of the 512 anchors of the 16×16 grid
   * @param scores8 logits of the 384 anchors of the 8×8 grid
   * @param boxes16 16 values per anchor of the 16×16 grid: dx, dy, w, h, then 6 keypoints
   * @param boxes8 the same for the 8×8 grid
   * @return faces, highest score first
   */
  public List<FaceBox> decode(FloatBuffer scores16, FloatBuffer scores8, FloatBuffer boxes16, FloatBuffer boxes8) {
    List<FaceBox> raw = new ArrayList<>();
    collect(scores16, boxes16, 0, raw);
    collect(scores8, boxes8, 512, raw);
    raw.sort((p, q) -> Float.compare(q.score(), p.score()));
    return weightedNms(raw);
  }

  private void collect(FloatBuffer scores, FloatBuffer boxes, int firstAnchor, List<FaceBox> out) {
    for (int i = 0; i < scores.limit(); i++) {
      float s = sigmoid(scores.get(i));
      if (s < minScore) {
        continue;
      }
      int a = firstAnchor + i;
      int b = i * VALUES_PER_ANCHOR;
      out.add(new FaceBox(anchorX[a] + boxes.get(b) / inputSize, anchorY[a] + boxes.get(b + 1) / inputSize,
          boxes.get(b + 2) / inputSize, boxes.get(b + 3) / inputSize, s));
    }
  }

  /**
   * MediaPipe's WEIGHTED suppression: the best remaining box and every box overlapping it by more
   * than {@link #NMS_IOU} merge into one, their coordinates averaged with the scores as weights,
   * keeping the best score. Averaging steadies the box between frames better than plain NMS.
   */
  static List<FaceBox> weightedNms(List<FaceBox> sorted) {
    List<FaceBox> remaining = new ArrayList<>(sorted);
    List<FaceBox> kept = new ArrayList<>();
    while (!remaining.isEmpty()) {
      FaceBox top = remaining.get(0);
      float w = 0;
      float cx = 0;
      float cy = 0;
      float bw = 0;
      float bh = 0;
      for (int i = remaining.size() - 1; i >= 0; i--) {
        FaceBox b = remaining.get(i);
        if (i == 0 || top.iou(b) > NMS_IOU) {
          w += b.score();
          cx += b.score() * b.centerX();
          cy += b.score() * b.centerY();
          bw += b.score() * b.width();
          bh += b.score() * b.height();
          remaining.remove(i);
        }
      }
      kept.add(new FaceBox(cx / w, cy / w, bw / w, bh / w, top.score()));
    }
    return kept;
  }
}
