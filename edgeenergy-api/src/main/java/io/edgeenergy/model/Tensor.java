package io.edgeenergy.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * A caller-owned, reusable tensor: a direct, native-order buffer with a fixed {@link TensorSpec}.
 *
 * <p>Allocate tensors once (usually with {@link Model#newInputs()} / {@link Model#newOutputs()},
 * which let the backend use them without copying) and reuse them for every run: the hot path then
 * allocates nothing. The typed views ({@link #floats()}, ...) are created once and shared; use their
 * absolute {@code get(index)}/{@code put(index, ...)} methods so their position never matters.
 *
 * <p>Not thread-safe: a tensor belongs to one thread at a time. Backends subclass it to attach a
 * native handle, released by {@link #close()}; closing twice is harmless.
 */
public class Tensor implements AutoCloseable {
  private final TensorSpec spec;
  private final ByteBuffer buffer;
  private FloatBuffer floats;
  private IntBuffer ints;
  private LongBuffer longs;
  private boolean closed;

  /** A tensor over {@code buffer}, a direct buffer of exactly the spec's size (backends wrap their own memory). */
  protected Tensor(TensorSpec spec, ByteBuffer buffer) {
    if (!spec.isConcrete()) {
      throw new TensorMismatchException("tensor " + spec + " needs a concrete shape (no -1 dimensions)");
    }
    long bytes = spec.elementCount() * spec.dtype().byteSize();
    if (!buffer.isDirect() || buffer.capacity() != bytes) {
      throw new TensorMismatchException("tensor " + spec + " needs a direct buffer of " + bytes
          + " bytes, got " + (buffer.isDirect() ? "" : "a heap buffer of ") + buffer.capacity() + " bytes");
    }
    this.spec = spec;
    this.buffer = buffer.order(ByteOrder.nativeOrder());
  }

  /** A plain tensor with zeroed native memory, usable with any backend. */
  public static Tensor allocate(TensorSpec spec) {
    TensorSpec concrete = spec.concrete();
    long bytes = concrete.elementCount() * concrete.dtype().byteSize();
    if (bytes > Integer.MAX_VALUE) {
      throw new TensorMismatchException("tensor " + concrete + " needs " + bytes + " bytes, more than one buffer holds");
    }
    return new Tensor(concrete, ByteBuffer.allocateDirect((int) bytes));
  }

  /** Name, dtype and shape. */
  public TensorSpec spec() {
    return spec;
  }

  /** The element type. */
  public DType dtype() {
    return spec.dtype();
  }

  /** Number of elements. */
  public int elementCount() {
    return (int) spec.elementCount();
  }

  /** The raw bytes (any dtype); the same instance on every call. */
  public ByteBuffer bytes() {
    checkOpen();
    return buffer;
  }

  /** A FLOAT32 view; the same instance on every call. */
  public FloatBuffer floats() {
    checkType(DType.FLOAT32);
    if (floats == null) {
      floats = buffer.asFloatBuffer();
    }
    return floats;
  }

  /** An INT32 view; the same instance on every call. */
  public IntBuffer ints() {
    checkType(DType.INT32);
    if (ints == null) {
      ints = buffer.asIntBuffer();
    }
    return ints;
  }

  /** An INT64 view; the same instance on every call. */
  public LongBuffer longs() {
    checkType(DType.INT64);
    if (longs == null) {
      longs = buffer.asLongBuffer();
    }
    return longs;
  }

  /** Copies {@code values} into this FLOAT32 tensor from element 0; the lengths must match. */
  public Tensor put(float[] values) {
    if (values.length != elementCount()) {
      throw new TensorMismatchException("tensor " + spec + " holds " + elementCount()
          + " elements, got " + values.length);
    }
    FloatBuffer view = floats();
    int at = view.position();
    // Relative bulk copy through Buffer (not Java 13's put(int, float[])): Android before API 34 lacks it.
    ((Buffer) view).position(0);
    view.put(values);
    ((Buffer) view).position(at);
    return this;
  }

  /** Copies this FLOAT32 tensor into {@code dst} from element 0; the lengths must match. */
  public float[] get(float[] dst) {
    if (dst.length != elementCount()) {
      throw new TensorMismatchException("tensor " + spec + " holds " + elementCount()
          + " elements, the array " + dst.length);
    }
    FloatBuffer view = floats();
    int at = view.position();
    ((Buffer) view).position(0);   // see put(float[])
    view.get(dst);
    ((Buffer) view).position(at);
    return dst;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Releases the native resources of this tensor; later use throws {@link ModelClosedException}. */
  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  /** Backends free their native handle here. Called once. */
  protected void release() {}

  /** Fails with {@link ModelClosedException} if the tensor is closed. */
  protected final void checkOpen() {
    if (closed) {
      throw new ModelClosedException("tensor " + spec + " was closed");
    }
  }

  private void checkType(DType expected) {
    checkOpen();
    if (spec.dtype() != expected) {
      throw new TensorMismatchException("tensor " + spec + " holds " + spec.dtype() + ", not " + expected);
    }
  }

  @Override
  public String toString() {
    return "Tensor[" + spec + (closed ? ", closed" : "") + "]";
  }
}
