package io.edgeenergy.onnx;

import io.edgeenergy.model.Tensor;

/** Reads and writes one element of a tensor of any dtype as a double (exact for the test values). */
final class TensorValues {
  private TensorValues() {}

  static double get(Tensor t, int i) {
    return switch (t.dtype()) {
      case FLOAT32 -> t.floats().get(i);
      case INT32 -> t.ints().get(i);
      case INT64 -> t.longs().get(i);
      case INT8, BOOL -> t.bytes().get(i);
      case UINT8 -> Byte.toUnsignedInt(t.bytes().get(i));
    };
  }

  static void set(Tensor t, int i, double v) {
    switch (t.dtype()) {
      case FLOAT32 -> t.floats().put(i, (float) v);
      case INT32 -> t.ints().put(i, (int) v);
      case INT64 -> t.longs().put(i, (long) v);
      case INT8, UINT8, BOOL -> t.bytes().put(i, (byte) (int) v);
    }
  }
}
