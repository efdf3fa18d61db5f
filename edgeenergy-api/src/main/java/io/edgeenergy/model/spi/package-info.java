/**
 * What a backend author builds on: the bases the ONNX Runtime and TensorFlow Lite backends extend,
 * public so that a third-party backend needs nothing from any {@code internal} package.
 *
 * <h2>Write your own backend</h2>
 *
 * <ol>
 *   <li><b>The backend.</b> Extend {@link io.edgeenergy.model.spi.NativeBackend} with a name and a
 *       file extension. {@code loadNatives()} loads your runtime (on first use, never in a static
 *       initializer) and returns {@link io.edgeenergy.Availability#AVAILABLE}; {@code unavailable(t)}
 *       turns its failure into an {@link io.edgeenergy.Availability} that says what to install.
 *       The two {@code open} methods load a model from a file or from bytes; the base class has
 *       already checked availability and run the isolated first load of an untrusted file. Throw a
 *       {@link io.edgeenergy.model.ModelLoadException} naming the file (or the bytes' label) for
 *       anything that is not a valid model; {@link io.edgeenergy.model.spi.FileHeads} recognises the
 *       usual wrong files (ZIP, HDF5, a Git LFS pointer) so the message can say what it got.</li>
 *   <li><b>The model.</b> Extend {@link io.edgeenergy.model.spi.BackendModel}: it owns the name,
 *       signature, closed state and the guard that refuses a second thread with
 *       {@link io.edgeenergy.model.ConcurrentModelUseException} and makes {@code close()} wait for a
 *       running call. You write {@code newTensor} (a {@link io.edgeenergy.model.Tensor} your runtime
 *       reads in place, or {@code Tensor.allocate}), {@code invoke} (call
 *       {@link io.edgeenergy.model.spi.TensorChecks#check} on inputs and outputs first, so every
 *       backend words a misuse the same way) and {@code release}.</li>
 *   <li><b>Registration.</b> List the backend class in
 *       {@code META-INF/services/io.edgeenergy.model.InferenceBackend}; then
 *       {@link io.edgeenergy.model.InferenceBackends} finds it by name and by file extension.</li>
 *   <li><b>The contract.</b> Subclass {@code io.edgeenergy.testkit.conformance.BackendConformanceSuite}
 *       (module {@code edgeenergy-testkit}) in your tests, writing each {@code ConformanceModel} in
 *       your format; add {@code ModelLifecycleSuite} with one real model. Passing them is what
 *       "a backend" means here: exact values of every dtype, tensor reuse, concurrent models, and
 *       the SDK's exception for every misuse.</li>
 * </ol>
 *
 * <p>A complete example in about a hundred lines, a pure-Java backend that passes both suites, is
 * {@code com.example.arrayops.ArrayOpsBackend} in the testkit's tests.
 *
 * <p>A backend knows nothing of meters, DVFS or the pipeline: the pipeline meets it only through
 * {@link io.edgeenergy.model.Model}.
 */
package io.edgeenergy.model.spi;
