package io.edgeenergy.testkit.conformance;

import io.edgeenergy.model.Tensor;

/**
 * Reads and writes one element of a tensor of any dtype, for tests: as a {@code double} (exact for
 * every dtype but INT64 beyond 2^53) or as a {@code long} (exact for every integer dtype).
 * BOOL reads as 1 or 0 whatever non-zero byte a backend wrote.
 */
public final class TensorValues {
  private TensorValues() {}

  public static double get(Tensor t, int i) {
    return t.dtype() == io.edgeenergy.model.DType.FLOAT32 ? t.floats().get(i) : getLong(t, i);
  }

  public static void set(Tensor t, int i, double v) {
    switch (t.dtype()) {
      case FLOAT32 -> t.floats().put(i, (float) v);
      case INT64 -> t.longs().put(i, (long) v);
      default -> setLong(t, i, (long) v);
    }
  }

  /** An integer or BOOL element; FLOAT32 is refused rather than rounded. */
  public static long getLong(Tensor t, int i) {
    return switch (t.dtype()) {
      case INT8 -> t.bytes().get(i);
      case UINT8 -> Byte.toUnsignedInt(t.bytes().get(i));
      case BOOL -> t.bytes().get(i) == 0 ? 0 : 1;
      case INT32 -> t.ints().get(i);
      case INT64 -> t.longs().get(i);
      case FLOAT32 -> throw new IllegalArgumentException("tensor " + t.spec() + " holds floats; use get()");
    };
  }

  /** Sets an integer or BOOL element (BOOL: non-zero is stored as 1); FLOAT32 is refused. */
  public static void setLong(Tensor t, int i, long v) {
    switch (t.dtype()) {
      case INT8, UINT8 -> t.bytes().put(i, (byte) v);
      case BOOL -> t.bytes().put(i, (byte) (v == 0 ? 0 : 1));
      case INT32 -> t.ints().put(i, (int) v);
      case INT64 -> t.longs().put(i, v);
      case FLOAT32 -> throw new IllegalArgumentException("tensor " + t.spec() + " holds floats; use set()");
    }
  }
}
