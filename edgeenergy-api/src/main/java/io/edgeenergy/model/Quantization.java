package io.edgeenergy.model;

/**
 * Affine quantization of an integer tensor: {@code real = scale × (q − zeroPoint)}.
 *
 * <p>Backends report it in a model's {@link Signature} for quantized inputs and outputs (e.g. a
 * full-integer TensorFlow Lite model's int8 {@code x}), so callers can quantize their data and read
 * real values back without knowing the file format.
 *
 * @param scale the real value of one integer step; finite and &gt; 0
 * @param zeroPoint the integer that stands for real 0
 */
public record Quantization(float scale, int zeroPoint) {
  /** Checks the scale is positive and finite. */
  public Quantization {
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("quantization scale must be finite and > 0, was " + scale);
    }
  }

  /** The real value of the integer {@code q}. */
  public float toReal(int q) {
    return scale * (q - zeroPoint);
  }

  /** The nearest integer for {@code real}, clamped to {@code [min, max]} (e.g. −128..127 for int8). */
  public int quantize(float real, int min, int max) {
    long q = Math.round(real / scale) + (long) zeroPoint;
    return (int) Math.max(min, Math.min(max, q));
  }

  @Override
  public String toString() {
    return "q(scale=" + scale + ", zp=" + zeroPoint + ")";
  }
}
