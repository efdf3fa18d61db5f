package io.edgeenergy.model;

import io.edgeenergy.Availability;
import java.nio.file.Path;
import java.util.Set;

/**
 * The service-provider interface a backend (ONNX Runtime, TensorFlow Lite, ...) implements. Backends
 * are found with {@link java.util.ServiceLoader}; most callers use {@link InferenceBackends}.
 *
 * <p>Implementations load their native library lazily in {@link #availability()} or {@code load},
 * never in a static initializer, and report a missing library as unavailable instead of throwing.
 */
public interface InferenceBackend {
  /** What a backend can do beyond the basics, so callers can pick one that fits. */
  enum Characteristic {
    /** {@link Model#run} may be called from several threads at once on one model. */
    THREAD_SAFE_RUN,
    /** Caller tensors are used in place for inputs (no copy). */
    ZERO_COPY_INPUTS,
    /** Outputs are written straight into caller tensors (no copy). */
    ZERO_COPY_OUTPUTS
  }

  /** Short, stable name such as {@code onnx}. */
  String name();

  /** File extensions this backend loads, lower case without the dot, e.g. {@code onnx}. */
  Set<String> fileExtensions();

  /** What this backend can do beyond the basics. */
  Set<Characteristic> characteristics();

  /** Whether the native runtime loads on this platform, and why not. Never throws. */
  Availability availability();

  /**
   * Loads a model file.
   *
   * @throws ModelLoadException the file is missing, unreadable or not a valid model
   * @throws BackendUnavailableException the native runtime cannot load here
   */
  Model load(Path file, ModelOptions options);

  /** Loads a model from its bytes; {@code name} labels it in errors and ledgers. */
  Model load(byte[] model, String name, ModelOptions options);
}
