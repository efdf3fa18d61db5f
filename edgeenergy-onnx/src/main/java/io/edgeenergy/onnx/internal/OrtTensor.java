package io.edgeenergy.onnx.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link Tensor} whose direct buffer also backs an ONNX Runtime {@link OnnxTensor}, created once.
 *
 * <p>ONNX Runtime reads inputs from, and writes pinned outputs into, the very memory that {@link
 * #bytes()}/{@link #floats()} expose: no copy in either direction. The native {@code OrtValue} is
 * only a descriptor (pointer, shape, type) over that memory; {@link #close()} releases it, and the
 * memory itself is freed when the buffer is garbage collected.
 *
 * <p>The tensor belongs to the process-wide {@link OrtEnvironment} and the environment's default
 * CPU allocator, not to the model that made it, so it stays valid after that model is closed and
 * may be passed to any other ONNX model (e.g. one segment's {@code hidden} output as the next
 * segment's input) without a copy.
 *
 * <p>Not thread-safe, like every {@link Tensor}.
 */
public final class OrtTensor extends Tensor {
  private final OnnxTensor onnx;

  private OrtTensor(TensorSpec spec, ByteBuffer buffer, OnnxTensor onnx) {
    super(spec, buffer);
    this.onnx = onnx;
  }

  /** Allocates zeroed native memory for {@code spec} (made concrete) and its ONNX Runtime view. */
  public static OrtTensor allocate(OrtEnvironment env, TensorSpec spec) {
    TensorSpec concrete = spec.concrete();
    ByteBuffer buffer = ByteBuffer.allocateDirect(byteSize(concrete)).order(ByteOrder.nativeOrder());
    OnnxTensor onnx = wrap(env, concrete, buffer);
    return new OrtTensor(concrete, buffer, onnx);
  }

  /**
   * An {@link OnnxTensor} over {@code buffer}'s memory from index 0 (position and limit of the
   * argument are ignored). The caller owns the result and must close it.
   */
  public static OnnxTensor wrap(OrtEnvironment env, TensorSpec spec, ByteBuffer buffer) {
    // A duplicate so the caller's position/limit never matter; it keeps the memory reachable.
    ByteBuffer whole = buffer.duplicate();
    ((Buffer) whole).clear();   // Buffer.clear(): ByteBuffer's own override is Java 9 / not on Android 26
    try {
      return OnnxTensor.createTensor(env, whole, spec.shape(), javaType(spec.dtype()));
    } catch (OrtException e) {
      throw new TensorMismatchException("ONNX Runtime cannot create tensor " + spec + ": " + e.getMessage());
    }
  }

  /** The ONNX Runtime view of this tensor's memory; valid until {@link #close()}. */
  public OnnxTensor onnxTensor() {
    checkOpen();
    return onnx;
  }

  /** The same, without the closed check; callers on the hot path have already checked. */
  OnnxTensor onnxTensorUnchecked() {
    return onnx;
  }

  @Override
  protected void release() {
    onnx.close();
  }

  static int byteSize(TensorSpec concrete) {
    long bytes = concrete.elementCount() * concrete.dtype().byteSize();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new TensorMismatchException("tensor " + concrete + " needs " + bytes
          + " bytes, more than one direct buffer holds");
    }
    return (int) bytes;
  }

  static OnnxJavaType javaType(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> OnnxJavaType.FLOAT;
      case INT8 -> OnnxJavaType.INT8;
      case UINT8 -> OnnxJavaType.UINT8;
      case INT32 -> OnnxJavaType.INT32;
      case INT64 -> OnnxJavaType.INT64;
      case BOOL -> OnnxJavaType.BOOL;
    };
  }
}
