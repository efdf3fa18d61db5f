package io.edgeenergy.model;

/**
 * A loaded model, owning native memory until {@link #close()}.
 *
 * <p>Thread model: one thread at a time may call {@link #run}; for parallel inference load one
 * model per thread (backends do not promise concurrent runs on one instance unless they declare
 * {@link InferenceBackend.Characteristic#THREAD_SAFE_RUN}). {@code close()} is idempotent; after it
 * {@link #name()} and {@link #backend()} still answer (for logs and error messages) and every other
 * call throws {@link ModelClosedException}. The native backends enforce this: a second thread's
 * {@code run} while one is in progress gets {@link ConcurrentModelUseException} (never the other
 * thread's answer), and {@code close()} during a run waits for that run before freeing memory.
 *
 * <pre>{@code
 * try (Model m = InferenceBackends.load(Path.of("digits_tiny_logreg.onnx"));
 *      Tensors io = Tensors.of(m)) {
 *   io.inputs()[0].put(pixels);
 *   m.run(io.inputs(), io.outputs());
 *   float p0 = io.outputs()[0].floats().get(0);
 * }
 * }</pre>
 */
public interface Model extends AutoCloseable {
  /** A name for logs and ledgers, by default the file name. */
  String name();

  /** Names, dtypes and shapes of the inputs and outputs, in order. */
  Signature signature();

  /** The backend that loaded this model, e.g. {@code onnxruntime}. */
  String backend();

  /**
   * The execution provider that actually runs this model (e.g. {@code CPU}, {@code XNNPACK}); never
   * a requested one that silently fell back.
   */
  String executionProvider();

  /**
   * New tensors for every input, in signature order, with dynamic dimensions set to 1, that this
   * backend can use without copying. The caller owns and closes them.
   */
  Tensor[] newInputs();

  /** New tensors for every output, in signature order; see {@link #newInputs()}. */
  Tensor[] newOutputs();

  /**
   * A new tensor of {@code spec}, a concrete shape for one of this model's inputs or outputs (its
   * dynamic dimensions chosen by the caller, e.g. Silero VAD's {@code input:[1, 576]}), of the kind
   * this backend uses without copying. The caller owns and closes it. The default is
   * {@link Tensor#allocate}, which every backend accepts (it may copy).
   */
  default Tensor allocate(TensorSpec spec) {
    return Tensor.allocate(spec);
  }

  /**
   * Runs the model: reads {@code inputs} and writes {@code outputs}, both in signature order.
   * Tensors from {@link #newInputs()}/{@link #newOutputs()} (or another model's tensors of the same
   * backend) are used in place; others may be copied.
   *
   * @throws TensorMismatchException a count, dtype or shape differs from the signature
   * @throws ModelClosedException the model or a tensor was closed
   * @throws ConcurrentModelUseException another thread is running this model (native backends)
   * @throws InferenceException the runtime failed on valid inputs
   */
  void run(Tensor[] inputs, Tensor[] outputs);

  @Override
  void close();
}
