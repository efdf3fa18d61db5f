package io.edgeenergy.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Name, element type and shape of one model input or output. A dimension of {@code -1} is dynamic
 * (e.g. the batch); {@link #concrete()} resolves every dynamic dimension to 1.
 *
 * <p>An integer tensor of a quantized model may carry its {@link Quantization} (scale and zero
 * point); it is part of {@link #equals} but not of {@link #accepts}, which is about layout only.
 */
public final class TensorSpec {
  private final String name;
  private final DType dtype;
  private final long[] shape;
  private final Quantization quantization;
  /** Element count, or DYNAMIC / OVERFLOW: computed once, as the hot path asks for it every run. */
  private final long elements;

  private static final long DYNAMIC = -1;
  private static final long OVERFLOW = -2;

  private TensorSpec(String name, DType dtype, long[] shape) {
    this(name, dtype, shape, null);
  }

  private TensorSpec(String name, DType dtype, long[] shape, Quantization quantization) {
    this.name = Objects.requireNonNull(name, "name");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.quantization = quantization;
    this.shape = shape.clone();
    for (long d : this.shape) {
      if (d < -1 || d == 0) {
        throw new IllegalArgumentException("tensor '" + name + "': dimensions must be > 0 or -1 (dynamic), was "
            + Arrays.toString(shape));
      }
    }
    this.elements = count(this.shape);
  }

  private static long count(long[] shape) {
    for (long d : shape) {
      if (d < 0) {
        return DYNAMIC;
      }
    }
    long n = 1;
    for (long d : shape) {
      if (n > Long.MAX_VALUE / d) {
        return OVERFLOW;
      }
      n *= d;
    }
    return n;
  }

  /** A spec; -1 in {@code shape} marks a dynamic dimension. */
  public static TensorSpec of(String name, DType dtype, long... shape) {
    return new TensorSpec(name, dtype, shape);
  }

  /** The tensor's name in the model. */
  public String name() {
    return name;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** Scale and zero point of a quantized integer tensor; empty for a plain one. */
  public Optional<Quantization> quantization() {
    return Optional.ofNullable(quantization);
  }

  /** This spec with {@code q} as its quantization ({@code null} for none). */
  public TensorSpec withQuantization(Quantization q) {
    if (q != null && dtype == DType.FLOAT32) {
      throw new IllegalArgumentException("tensor '" + name + "': a FLOAT32 tensor is not quantized");
    }
    return new TensorSpec(name, dtype, shape, q);
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code axis}; -1 if dynamic. */
  public long dim(int axis) {
    return shape[axis];
  }

  /** Whether every dimension is known (no -1). */
  public boolean isConcrete() {
    return elements != DYNAMIC;
  }

  /** This spec with every dynamic dimension set to 1 (batch of one). */
  public TensorSpec concrete() {
    if (isConcrete()) {
      return this;
    }
    long[] s = shape.clone();
    for (int i = 0; i < s.length; i++) {
      if (s[i] < 0) {
        s[i] = 1;
      }
    }
    return new TensorSpec(name, dtype, s, quantization);
  }

  /** This spec with another shape, e.g. to pick a batch size for a dynamic dimension. */
  public TensorSpec withShape(long... newShape) {
    return new TensorSpec(name, dtype, newShape, quantization);
  }

  /** Elements in a concrete tensor of this spec. */
  public long elementCount() {
    if (!isConcrete()) {
      throw new IllegalStateException("tensor '" + name + "' has dynamic shape " + Arrays.toString(shape));
    }
    if (elements == OVERFLOW) {
      throw new ArithmeticException("tensor '" + name + "': element count of " + Arrays.toString(shape)
          + " overflows a long");
    }
    return elements;
  }

  /**
   * Whether a concrete tensor described by {@code actual} can be fed where this spec is expected:
   * same type and rank, and every fixed dimension equal.
   */
  public boolean accepts(TensorSpec actual) {
    if (actual.dtype != dtype || actual.shape.length != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] >= 0 && shape[i] != actual.shape[i]) {
        return false;
      }
    }
    return true;
  }

  /** Describes this spec as {@code name:FLOAT32[-1, 64]} (quantized: {@code x:INT8[1, 64] q(scale=..., zp=...)}). */
  @Override
  public String toString() {
    return name + ":" + dtype + Arrays.toString(shape) + (quantization == null ? "" : " " + quantization);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape)
        && Objects.equals(t.quantization, quantization);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), quantization);
  }
}
