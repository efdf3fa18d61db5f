package io.edgeenergy.tflite;

import io.edgeenergy.Availability;
import io.edgeenergy.internal.LazyAvailability;
import io.edgeenergy.model.BackendUnavailableException;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.tflite.internal.NativeTflite;
import io.edgeenergy.tflite.internal.TfliteModel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
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
public final class TfliteBackend implements InferenceBackend {
  private static final Logger LOG = LoggerFactory.getLogger(TfliteBackend.class);
  private static final Set<Characteristic> CHARACTERISTICS =
      EnumSet.of(Characteristic.ZERO_COPY_INPUTS, Characteristic.ZERO_COPY_OUTPUTS);

  private final Runnable nativeLoader;
  private final LazyAvailability availability = new LazyAvailability(this::probe);

  /** For {@link java.util.ServiceLoader}; prefer {@code InferenceBackends.named("tflite")}. */
  public TfliteBackend() {
    this(NativeTflite::load);
  }

  // VisibleForTesting: lets tests simulate a platform without the native library.
  TfliteBackend(Runnable nativeLoader) {
    this.nativeLoader = Objects.requireNonNull(nativeLoader, "nativeLoader");
  }

  @Override
  public String name() {
    return "tflite";
  }

  @Override
  public Set<String> fileExtensions() {
    return Set.of("tflite");
  }

  @Override
  public Set<Characteristic> characteristics() {
    return CHARACTERISTICS;
  }

  @Override
  public Availability availability() {
    return availability.get();
  }

  private Availability probe() {
    String platform = NativeTflite.platform();
    try {
      nativeLoader.run();
      LOG.debug("TensorFlow Lite {} loaded for {}", NativeTflite.version(), platform);
      return Availability.AVAILABLE;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
      Availability a = Availability.unavailable("TensorFlow Lite cannot load on " + platform + ": "
          + NativeTflite.missingNativesHint(platform) + ". Cause: " + t);
      LOG.warn("TensorFlow Lite backend unavailable: {}", a.reason());
      return a;
    }
  }

  private void requireAvailable() {
    Availability a = availability();
    if (!a.available()) {
      throw new BackendUnavailableException("backend 'tflite' cannot run here: " + a.reason());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The model's name is {@link ModelOptions#name()} or else the file name.
   */
  @Override
  public Model load(Path file, ModelOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    requireAvailable();
    return TfliteModel.load(file, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The bytes are copied to native memory, freed when the model closes.
   */
  @Override
  public Model load(byte[] model, String name, ModelOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    requireAvailable();
    return TfliteModel.load(model, name, options);
  }

  @Override
  public String toString() {
    return "TfliteBackend[" + availability + "]";
  }
}
