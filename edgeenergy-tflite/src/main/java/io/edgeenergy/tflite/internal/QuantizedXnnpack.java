package io.edgeenergy.tflite.internal;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.bytedeco.tensorflowlite.TfLiteDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An XNNPACK delegate with its signed and unsigned 8-bit kernels on, for quantized graphs.
 *
 * <p>Why it exists: TensorFlow Lite's default XNNPACK delegate takes int8 operators only when the
 * library was compiled with {@code XNNPACK_DELEGATE_ENABLE_QS8}/{@code _QU8}
 * ({@code TfLiteXNNPackDelegateOptionsDefault()} in {@code xnnpack_delegate.cc}). JavaCPP's
 * {@code tensorflow-lite 2.19.0-1.5.12} was not: its {@code TfLiteXNNPackDelegateOptionsDefault}
 * zeroes the whole options struct (flags 0), so quantized graphs stay on the builtin kernels. The
 * preset maps neither the options nor {@code TfLiteXNNPackDelegateCreate}, but the library exports
 * both C functions, so they are called through JNA and the result handed to {@code
 * Interpreter::ModifyGraphWithDelegate}.
 *
 * <p>Only {@code num_threads} (offset 0) and {@code flags} (offset 4) are written; every other
 * field comes from the same library's {@code TfLiteXNNPackDelegateOptionsDefault}. Newer
 * TensorFlow Lite headers insert {@code runtime_flags} before {@code flags}: check the layout when
 * the preset version changes (the test asserting {@code XNNPACK} for the int8 digits model fails if
 * the flag lands elsewhere).
 */
final class QuantizedXnnpack implements AutoCloseable {
  private static final int FLAG_QS8 = 0x1;
  private static final int FLAG_QU8 = 0x2;

  private static final Logger LOG = LoggerFactory.getLogger(QuantizedXnnpack.class);
  private static volatile boolean warned;

  private final NativeLibrary library;
  private final Pointer handle;
  private final TfLiteDelegate delegate;

  private QuantizedXnnpack(NativeLibrary library, Pointer handle) {
    this.library = library;
    this.handle = handle;
    long handleAddress = Pointer.nativeValue(handle);
    // JavaCPP's Pointer has no public constructor from an address; its subclasses may set it.
    this.delegate = new TfLiteDelegate(new org.bytedeco.javacpp.Pointer() {
      {
        address = handleAddress;
      }
    });
  }

  /**
   * Creates the delegate; {@code threads} as in {@code ModelOptions} mapping (-1 = default, then 1
   * thread: XNNPACK uses no thread pool for 0 or 1).
   */
  static QuantizedXnnpack create(int threads) {
    NativeLibrary library = NativeLibrary.getInstance(NativeTflite.libraryPath());
    Options options = (Options) library.getFunction("TfLiteXNNPackDelegateOptionsDefault")
        .invoke(Options.class, new Object[0]);
    options.numThreads = threads > 1 ? threads : 0;
    options.flags |= FLAG_QS8 | FLAG_QU8;
    options.write();
    Pointer handle = library.getFunction("TfLiteXNNPackDelegateCreate").invokePointer(new Object[] {options.getPointer()});
    if (handle == null) {
      throw new IllegalStateException("TfLiteXNNPackDelegateCreate returned null (xnn_initialize failed)");
    }
    return new QuantizedXnnpack(library, handle);
  }

  /**
   * {@link #create}, or null with one warning per process when this platform's library lacks the
   * functions (the quantized graph then runs on the builtin kernels, as without this class).
   */
  static QuantizedXnnpack tryCreate(int threads, String model) {
    try {
      return create(threads);
    } catch (LinkageError | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn("model '{}': cannot create an XNNPACK delegate with int8 kernels ({}); the quantized graph runs on"
            + " the builtin kernels", model, e.toString());
      }
      return null;
    }
  }

  TfLiteDelegate delegate() {
    return delegate;
  }

  /** Deletes the delegate; only after the interpreter that uses it is closed. */
  @Override
  public void close() {
    Function delete = library.getFunction("TfLiteXNNPackDelegateDelete");
    delete.invokeVoid(new Object[] {handle});
  }

  /**
   * {@code TfLiteXNNPackDelegateOptions}: the two leading fields, then room for the rest (32 bytes
   * in 2.19; padded to 128 so a larger struct in another build still fits). Returned by value.
   */
  @Structure.FieldOrder({"numThreads", "flags", "rest"})
  public static final class Options extends Structure implements Structure.ByValue {
    public int numThreads;
    public int flags;
    public byte[] rest = new byte[120];
  }
}
