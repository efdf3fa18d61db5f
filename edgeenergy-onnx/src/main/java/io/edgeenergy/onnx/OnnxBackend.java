package io.edgeenergy.onnx;

import ai.onnxruntime.OrtEnvironment;
import io.edgeenergy.Availability;
import io.edgeenergy.model.spi.NativeBackend;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.onnx.internal.OnnxModel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime backend ({@code onnx}, loads {@code *.onnx}), found by {@link java.util.ServiceLoader}.
 *
 * <p>Models run on ONNX Runtime's CPU provider unless {@link ModelOptions#executionProviders()} names
 * one this build has (see {@link Model#executionProvider()} for what actually runs). Inputs and
 * outputs are zero-copy: tensors from {@link Model#newInputs()}/{@link Model#newOutputs()} (and any
 * other ONNX model's tensors) are ONNX Runtime tensors over the same direct memory, and outputs are
 * passed as <em>pinned</em> outputs so ONNX Runtime writes straight into them.
 *
 * <p>The native library loads on the first {@link #availability()} or {@code load}, never when the
 * class loads; a platform without it is reported as unavailable, with the reason.
 *
 * <p>Thread model: a backend instance is thread-safe. A model is used by one thread at a time (this
 * backend does not declare {@link Characteristic#THREAD_SAFE_RUN}: the session could run
 * concurrently, but each model caches the binding of the caller's tensors, and tensors are
 * single-threaded); load one model per thread for parallel inference.
 */
public final class OnnxBackend extends NativeBackend {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxBackend.class);

  private final Supplier<OrtEnvironment> environment;
  private volatile OrtEnvironment env;

  /** For {@link java.util.ServiceLoader}; prefer {@code InferenceBackends.named("onnx")}. */
  public OnnxBackend() {
    this(OrtEnvironment::getEnvironment);
  }

  // VisibleForTesting: lets tests simulate a platform without the native library.
  OnnxBackend(Supplier<OrtEnvironment> environment) {
    super("onnx", "onnx");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  protected Availability loadNatives() {
    OrtEnvironment e = environment.get();
    if (e == null) {
      return unavailable("no OrtEnvironment was created");
    }
    env = e;
    LOG.debug("ONNX Runtime {} loaded; execution providers in this build: {}", e.getVersion(),
        OrtEnvironment.getAvailableProviders());
    return Availability.AVAILABLE;
  }

  @Override
  protected Availability unavailable(Throwable t) {
    Availability a = unavailable(describe(t));
    LOG.warn("ONNX Runtime backend unavailable: {}", a.reason());
    return a;
  }

  private static Availability unavailable(String why) {
    return Availability.unavailable("ONNX Runtime cannot load on " + System.getProperty("os.name") + "/"
        + System.getProperty("os.arch") + ": " + why);
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 600; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append("; caused by ");
      }
      sb.append(c.getClass().getSimpleName());
      if (c.getMessage() != null) {
        sb.append(": ").append(c.getMessage());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return sb.toString();
  }

  @Override
  protected Model open(Path file, ModelOptions options) {
    return OnnxModel.load(env, file, options);
  }

  @Override
  protected Model open(byte[] model, String name, ModelOptions options) {
    return OnnxModel.load(env, model, name, options);
  }
}
