package io.edgeenergy.tflite;

import io.edgeenergy.Availability;
import io.edgeenergy.model.spi.NativeBackend;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.tflite.internal.NativeTflite;
import io.edgeenergy.tflite.internal.TfliteModel;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TensorFlow Lite backend ({@code tflite}, loads {@code *.tflite}), found by {@link
 * java.util.ServiceLoader}. It runs TensorFlow Lite 2.19 through the JavaCPP preset {@code
 * org.bytedeco:tensorflow-lite}, whose natives come in one jar per platform (classifier {@code
 * linux-x86_64}, {@code linux-arm64}, {@code android-arm64}).
 *
 * <p>Files are verified ({@code FlatBufferModel::VerifyAndBuildFromFile}) before use, so a corrupt
 * file is a {@link io.edgeenergy.model.ModelLoadException}, never a native crash. Inputs and outputs
 * are zero-copy for tensors from {@link Model#newInputs()}/{@link Model#newOutputs()}: their memory
 * is registered as the interpreter's own (see the package docs). Quantized inputs and outputs carry
 * their scale and zero point in the {@link io.edgeenergy.model.Signature}.
 *
 * <p>The natives load on the first {@link #availability()} or {@code load}, never when the class
 * loads; a platform whose native jar is missing is reported as unavailable, naming the classifier
 * to add.
 */
public final class TfliteBackend extends NativeBackend {
  private static final Logger LOG = LoggerFactory.getLogger(TfliteBackend.class);

  private final Runnable nativeLoader;

  /** For {@link java.util.ServiceLoader}; prefer {@code InferenceBackends.named("tflite")}. */
  public TfliteBackend() {
    this(NativeTflite::load);
  }

  // VisibleForTesting: lets tests simulate a platform without the native library.
  TfliteBackend(Runnable nativeLoader) {
    super("tflite", "tflite");
    this.nativeLoader = Objects.requireNonNull(nativeLoader, "nativeLoader");
  }

  @Override
  protected Availability loadNatives() {
    nativeLoader.run();
    LOG.debug("TensorFlow Lite {} loaded for {}", NativeTflite.version(), NativeTflite.platform());
    return Availability.AVAILABLE;
  }

  @Override
  protected Availability unavailable(Throwable t) {
    String platform = NativeTflite.platform();
    String cache = NativeTflite.cacheProblem(t);
    Availability a = Availability.unavailable("TensorFlow Lite cannot load on " + platform + ": "
        + (cache != null ? cache : NativeTflite.missingNativesHint(platform)) + ". Cause: " + t);
    LOG.warn("TensorFlow Lite backend unavailable: {}", a.reason());
    return a;
  }

  @Override
  protected Model open(Path file, ModelOptions options) {
    return TfliteModel.load(file, options);
  }

  /** Copies the bytes to native memory, freed when the model closes. */
  @Override
  protected Model open(byte[] model, String name, ModelOptions options) {
    return TfliteModel.load(model, name, options);
  }
}
