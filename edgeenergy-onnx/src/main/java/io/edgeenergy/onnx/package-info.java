/**
 * ONNX Runtime backend of edgeenergy: {@link io.edgeenergy.onnx.OnnxBackend}, registered for
 * {@link java.util.ServiceLoader} as {@code onnx} ({@code *.onnx} files).
 *
 * <h2>Zero copy, pinned outputs</h2>
 *
 * Every tensor from {@code Model.newInputs()}/{@code newOutputs()} is a direct, native-order buffer
 * that also backs an ONNX Runtime {@code OnnxTensor}, created once with {@code
 * OnnxTensor.createTensor(env, ByteBuffer, shape, OnnxJavaType)}. A run passes the input tensors
 * and, as <em>pinned outputs</em> ({@code OrtSession.run(inputs, pinnedOutputs)}, ONNX Runtime
 * 1.16+), the output tensors, so ONNX Runtime reads and writes the caller's memory directly. Pinned
 * outputs are not owned by the returned {@code Result}; the backend closes the {@code Result} right
 * away, which releases nothing of the caller's.
 *
 * <h2>What a run costs</h2>
 *
 * <ul>
 *   <li>This backend: a validation loop (count, dtype, fixed dimensions, closed flags) and an identity
 *       compare per tensor against the tensors bound last time; no allocation once bound.
 *   <li>A slot that receives a different tensor is rebound: free for any ONNX model's tensor (a map
 *       value swap), one native tensor view (no data copy, a few µs, a little garbage) for a plain
 *       {@code Tensor.allocate} tensor, kept while that tensor stays in the slot.
 *   <li>ONNX Runtime's Java layer: per call it builds name/handle arrays and a {@code Result} with a
 *       map and list (measured ~0.4 KiB of heap with one input and one output, ORT 1.23.2); the native
 *       side allocates intermediate tensors from its arena. For the smallest models this fixed
 *       per-call floor (JNI, maps; about 5 µs per run on the build machine) dominates the arithmetic.
 * </ul>
 *
 * <h2>Thread model</h2>
 *
 * The backend object is thread-safe. A model is confined to one thread at a time (no {@code
 * THREAD_SAFE_RUN}): its session could run concurrently, but its tensor bindings are per-model state
 * and tensors are single-threaded. For parallel inference load one model per thread. Tensors belong
 * to their caller, not to the model that made them, and stay usable after it closes.
 *
 * <h2>Energy defaults</h2>
 *
 * One intra-op thread and {@code session.intra_op.allow_spinning = 0} /
 * {@code session.inter_op.allow_spinning = 0} unless {@code ModelOptions} says otherwise, because
 * spinning workers burn energy between calls. {@code Model.executionProvider()} reports the provider
 * that was really registered; unavailable requested providers fall back to the CPU with one warning.
 */
package io.edgeenergy.onnx;
