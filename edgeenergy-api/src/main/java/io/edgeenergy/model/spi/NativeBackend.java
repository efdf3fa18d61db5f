package io.edgeenergy.model.spi;

import io.edgeenergy.Availability;
import io.edgeenergy.internal.LazyAvailability;
import io.edgeenergy.model.BackendUnavailableException;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the native backends share: a name and one file extension, zero-copy inputs and outputs, a
 * native library loaded on first use (never when the class loads) whose failure is reported as an
 * unavailable backend, and loads that refuse plainly on such a platform, or that go through the
 * {@link io.edgeenergy.model.ModelVerifier} first when {@link ModelOptions#untrusted()}. A backend
 * that needs no native library returns {@link Availability#AVAILABLE} from {@link #loadNatives()}.
 */
public abstract class NativeBackend implements InferenceBackend {
  private static final Set<Characteristic> ZERO_COPY =
      Set.copyOf(EnumSet.of(Characteristic.ZERO_COPY_INPUTS, Characteristic.ZERO_COPY_OUTPUTS));

  private final String name;
  private final Set<String> extensions;
  private final LazyAvailability availability = new LazyAvailability(this::probe);

  /**
   * A backend named {@code name} (short, stable, e.g. {@code onnx}) that loads files ending in
   * {@code .extension} (lower case, no dot).
   */
  protected NativeBackend(String name, String extension) {
    this.name = Objects.requireNonNull(name, "name");
    this.extensions = Set.of(extension);
  }

  /** Loads the native library; returns whether the backend can run (throwing is "cannot", too). */
  protected abstract Availability loadNatives() throws Throwable;

  /**
   * The backend cannot run on this platform because loading the natives threw {@code t}: says why
   * (and logs it, once: availability is probed once).
   */
  protected abstract Availability unavailable(Throwable t);

  /** Loads a model; the backend is known to be available. */
  protected abstract Model open(Path file, ModelOptions options);

  /** Loads a model from its bytes; the backend is known to be available. */
  protected abstract Model open(byte[] model, String name, ModelOptions options);

  private Availability probe() {
    try {
      return loadNatives();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
      return unavailable(t);
    }
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> fileExtensions() {
    return extensions;
  }

  @Override
  public final Set<Characteristic> characteristics() {
    return ZERO_COPY;
  }

  @Override
  public final Availability availability() {
    return availability.get();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The model's name is {@link ModelOptions#name()} or else the file name.
   */
  @Override
  public final Model load(Path file, ModelOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    requireAvailable();
    if (options.untrusted()) {
      options.verifier().check(file, name);
    }
    return open(file, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The model's name is {@link ModelOptions#name()} or else {@code name}.
   */
  @Override
  public final Model load(byte[] model, String name, ModelOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    requireAvailable();
    if (options.untrusted()) {
      options.verifier().check(model, name, this.name, extensions.iterator().next());
    }
    return open(model, name, options);
  }

  private void requireAvailable() {
    Availability a = availability();
    if (!a.available()) {
      throw new BackendUnavailableException("backend '" + name + "' cannot run here: " + a.reason());
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + availability + "]";
  }
}
