package io.edgeenergy.tflite.internal;

import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.Pointer;

/**
 * A {@link Tensor} whose memory TensorFlow Lite can use in place: a direct buffer aligned to 64
 * bytes ({@code kDefaultTensorAlignment}, which custom allocations must meet) with 64 spare bytes
 * after its end (XNNPACK kernels may read a few bytes past a tensor, as they do in TensorFlow Lite's
 * own arena).
 *
 * <p>The memory belongs to Java, not to a model: a model registers it as the tensor's <em>custom
 * allocation</em>, so the interpreter reads inputs from and writes outputs to it directly, and it
 * stays valid after the model is closed (it is freed when the buffer is garbage collected). A
 * tensor may therefore move between TensorFlow Lite models, e.g. one segment's {@code hidden}
 * output as the next segment's input, without a copy.
 */
public final class TfliteTensor extends Tensor {
  static final int ALIGNMENT = 64;
  private static final int TAIL = 64;

  private TfliteTensor(TensorSpec spec, ByteBuffer buffer) {
    super(spec, buffer);
  }

  /** Zeroed, aligned memory for {@code spec} (made concrete). */
  public static TfliteTensor allocate(TensorSpec spec) {
    TensorSpec concrete = spec.concrete();
    return new TfliteTensor(concrete, alignedBuffer(byteSize(concrete)));
  }

  /** A direct, native-order buffer of exactly {@code bytes}, 64-byte aligned with a 64-byte tail. */
  static ByteBuffer alignedBuffer(int bytes) {
    ByteBuffer raw = ByteBuffer.allocateDirect(bytes + ALIGNMENT + TAIL);
    // The aligned start from the buffer's address (JavaCPP reads it): alignedSlice and slice(int, int)
    // are Java 9/13 and Android API 33/34, and the backend must run on API 26 (issue #11).
    int skip = (int) Math.floorMod(-new Pointer(raw).address(), (long) ALIGNMENT);
    ((Buffer) raw).limit(skip + bytes);
    ((Buffer) raw).position(skip);
    return raw.slice().order(ByteOrder.nativeOrder());
  }

  /**
   * Copies the first {@code bytes} of {@code src} to the start of {@code dst}, leaving both buffers'
   * positions and limits as they were; allocation-free. The absolute bulk {@code put(int, ByteBuffer,
   * int, int)} does this from Java 16, but Android has it only from API 35.
   */
  static void copy(ByteBuffer src, ByteBuffer dst, int bytes) {
    int srcPosition = src.position();
    int srcLimit = src.limit();
    int dstPosition = dst.position();
    ((Buffer) src).position(0);
    ((Buffer) src).limit(bytes);
    ((Buffer) dst).position(0);
    dst.put(src);
    ((Buffer) src).limit(srcLimit);
    ((Buffer) src).position(srcPosition);
    ((Buffer) dst).position(dstPosition);
  }

  static int byteSize(TensorSpec concrete) {
    long bytes = concrete.elementCount() * concrete.dtype().byteSize();
    if (bytes > Integer.MAX_VALUE - ALIGNMENT - TAIL) {
      throw new TensorMismatchException("tensor " + concrete + " needs " + bytes + " bytes, more than one direct buffer holds");
    }
    return (int) bytes;
  }
}
