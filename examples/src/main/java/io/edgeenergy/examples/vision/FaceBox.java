package io.edgeenergy.examples.vision;

/**
 * A detected face: box centre and size as fractions of the frame's width and height (0..1, origin
 * top left), and the detector's confidence (sigmoid of its logit, 0..1).
 */
public record FaceBox(float centerX, float centerY, float width, float height, float score) {
  /** Intersection over union with {@code o}; 0 when they do not touch. */
  public float iou(FaceBox o) {
    float ix = Math.min(centerX + width / 2, o.centerX + o.width / 2)
        - Math.max(centerX - width / 2, o.centerX - o.width / 2);
    float iy = Math.min(centerY + height / 2, o.centerY + o.height / 2)
        - Math.max(centerY - height / 2, o.centerY - o.height / 2);
    if (ix <= 0 || iy <= 0) {
      return 0;
    }
    float inter = ix * iy;
    return inter / (width * height + o.width * o.height - inter);
  }

  /** Whether the point (x, y), in the same fractions, lies in this box. */
  public boolean contains(float x, float y) {
    return Math.abs(x - centerX) <= width / 2 && Math.abs(y - centerY) <= height / 2;
  }
}
