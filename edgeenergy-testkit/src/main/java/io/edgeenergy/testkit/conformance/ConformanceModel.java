package io.edgeenergy.testkit.conformance;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.TensorSpec;
import java.util.List;

/**
 * The models every backend writes in its own format for {@link BackendConformanceSuite}. Each is
 * tiny and has an exact answer, so the suite checks values bit for bit (NaN as NaN).
 *
 * <ul>
 *   <li>{@code PASS_*}: input {@code x} [2,3] of the dtype, output {@code y} [2,3] with
 *       {@code y == x} (an identity, for every value of the dtype, NaN and infinities included).
 *   <li>{@link #ADD_FLOAT32}: inputs {@code a} and {@code b} [2,3] float32, output {@code sum = a + b}.
 * </ul>
 */
public enum ConformanceModel {
  PASS_FLOAT32(DType.FLOAT32),
  PASS_INT8(DType.INT8),
  PASS_UINT8(DType.UINT8),
  PASS_INT32(DType.INT32),
  PASS_INT64(DType.INT64),
  PASS_BOOL(DType.BOOL),
  ADD_FLOAT32(DType.FLOAT32);

  private static final long[] SHAPE = {2, 3};

  private final DType dtype;

  ConformanceModel(DType dtype) {
    this.dtype = dtype;
  }

  /** The element type of every input and output. */
  public DType dtype() {
    return dtype;
  }

  /** The shape of every input and output, {@code [2, 3]} (a copy). */
  public long[] shape() {
    return SHAPE.clone();
  }

  /** Whether this is one of the {@code PASS_*} identity models. */
  public boolean isPassThrough() {
    return this != ADD_FLOAT32;
  }

  /** The signature the backend must report, in this order. */
  public Signature signature() {
    if (isPassThrough()) {
      return new Signature(List.of(spec("x")), List.of(spec("y")));
    }
    return new Signature(List.of(spec("a"), spec("b")), List.of(spec("sum")));
  }

  /** The pass-through model of {@code dtype}. */
  public static ConformanceModel passThrough(DType dtype) {
    for (ConformanceModel m : values()) {
      if (m.isPassThrough() && m.dtype == dtype) {
        return m;
      }
    }
    throw new IllegalArgumentException("no pass-through model for " + dtype);
  }

  private TensorSpec spec(String name) {
    return TensorSpec.of(name, dtype, SHAPE);
  }
}
