package io.edgeenergy.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a backend should load a model. Immutable; build with {@link #builder()}.
 *
 * <p>The defaults favour joules over latency: one intra-op thread and no spin-waiting, since idle
 * worker threads that spin burn energy between calls.
 */
public final class ModelOptions {
  /** One intra-op thread: fewest joules per inference on small models. */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  /** Graph optimization effort, mapped onto each backend's own levels. */
  public enum Optimization {
    /** No graph rewriting. */
    NONE,
    /** Safe, local rewrites (constant folding, redundant nodes). */
    BASIC,
    /** Plus operator fusions. */
    EXTENDED,
    /** Everything the backend offers, layout changes included. */
    ALL
  }

  private static final ModelOptions DEFAULTS = builder().build();

  private final int intraOpThreads;
  private final boolean allowSpinning;
  private final Optimization optimization;
  private final List<String> executionProviders;
  private final Map<String, String> backendOptions;
  private final String name;
  private final ModelVerifier verifier;

  private ModelOptions(Builder b) {
    this.intraOpThreads = b.intraOpThreads;
    this.allowSpinning = b.allowSpinning;
    this.optimization = b.optimization;
    this.executionProviders = List.copyOf(b.executionProviders);
    this.backendOptions = Map.copyOf(b.backendOptions);
    this.name = b.name;
    this.verifier = b.verifier;
  }

  /** The defaults: one intra-op thread, no spinning, all optimizations, trusted file. */
  public static ModelOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Threads one operator may use. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Whether idle worker threads may spin-wait (faster, burns energy between calls). */
  public boolean allowSpinning() {
    return allowSpinning;
  }

  /** Graph optimization effort. */
  public Optimization optimization() {
    return optimization;
  }

  /** Preferred execution providers, best first; the CPU is always the last resort. */
  public List<String> executionProviders() {
    return executionProviders;
  }

  /** Backend-specific key/values passed through unchanged (e.g. ONNX Runtime session config entries). */
  public Map<String, String> backendOptions() {
    return backendOptions;
  }

  /** The model's name for logs and ledgers; {@code null} means the file name. */
  public String name() {
    return name;
  }

  /**
   * Whether the model file comes from outside the app (a download, an over-the-air update): then
   * its first load happens in a child JVM ({@link ModelVerifier}) before this process touches it.
   */
  public boolean untrusted() {
    return verifier != null;
  }

  /** The verifier for {@link #untrusted()} files, or {@code null} for trusted ones. */
  public ModelVerifier verifier() {
    return verifier;
  }

  @Override
  public String toString() {
    return "ModelOptions[intraOpThreads=" + intraOpThreads + ", allowSpinning=" + allowSpinning
        + ", optimization=" + optimization + ", executionProviders=" + executionProviders
        + ", backendOptions=" + backendOptions + ", name=" + name + (verifier != null ? ", untrusted" : "") + "]";
  }

  /** Builder for {@link ModelOptions}. */
  public static final class Builder {
    private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
    private boolean allowSpinning;
    private Optimization optimization = Optimization.ALL;
    private List<String> executionProviders = List.of();
    private final Map<String, String> backendOptions = new LinkedHashMap<>();
    private String name;
    private ModelVerifier verifier;

    private Builder() {}

    /** Threads one inference may use; 0 lets the backend choose (usually one per core). */
    public Builder intraOpThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("intraOpThreads must be >= 0, was " + threads);
      }
      this.intraOpThreads = threads;
      return this;
    }

    /** Let idle worker threads spin-wait: lower latency, more joules. Off by default. */
    public Builder allowSpinning(boolean allow) {
      this.allowSpinning = allow;
      return this;
    }

    /** Sets the graph optimization effort. */
    public Builder optimization(Optimization level) {
      this.optimization = Objects.requireNonNull(level, "optimization");
      return this;
    }

    /** Execution providers to try, in order (e.g. {@code XNNPACK}); the CPU is always the fallback. */
    public Builder executionProviders(String... providers) {
      this.executionProviders = List.of(providers);
      return this;
    }

    /** A backend-specific option, passed through unchanged. */
    public Builder backendOption(String key, String value) {
      backendOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The model's name for logs and ledgers (default: the file name). */
    public Builder name(String modelName) {
      if (modelName.trim().isEmpty()) {   // not isBlank(): Android has it from API 34 only
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = modelName;
      return this;
    }

    /**
     * Marks the model file as coming from outside the app: its first load (and one run) happens in a
     * child JVM, the verdict cached by SHA-256 in {@link ModelVerifier#standard()}'s directory; a
     * file that crashes the child is refused with a {@code ModelLoadException}. Costs one child JVM
     * per new file (about a second or two), then one hash per load. Off by default.
     */
    public Builder untrusted(boolean untrusted) {
      this.verifier = untrusted ? ModelVerifier.standard() : null;
      return this;
    }

    /** Like {@link #untrusted(boolean) untrusted(true)} with {@code verifier}'s cache directory and timeout. */
    public Builder untrusted(ModelVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** The options. */
    public ModelOptions build() {
      return new ModelOptions(this);
    }
  }
}
