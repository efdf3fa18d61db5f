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
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  /** Graph optimization effort, mapped onto each backend's own levels. */
  public enum Optimization { NONE, BASIC, EXTENDED, ALL }

  private static final ModelOptions DEFAULTS = builder().build();

  private final int intraOpThreads;
  private final boolean allowSpinning;
  private final Optimization optimization;
  private final List<String> executionProviders;
  private final Map<String, String> backendOptions;
  private final String name;

  private ModelOptions(Builder b) {
    this.intraOpThreads = b.intraOpThreads;
    this.allowSpinning = b.allowSpinning;
    this.optimization = b.optimization;
    this.executionProviders = List.copyOf(b.executionProviders);
    this.backendOptions = Map.copyOf(b.backendOptions);
    this.name = b.name;
  }

  public static ModelOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public boolean allowSpinning() {
    return allowSpinning;
  }

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

  @Override
  public String toString() {
    return "ModelOptions[intraOpThreads=" + intraOpThreads + ", allowSpinning=" + allowSpinning
        + ", optimization=" + optimization + ", executionProviders=" + executionProviders
        + ", backendOptions=" + backendOptions + ", name=" + name + "]";
  }

  /** Builder for {@link ModelOptions}. */
  public static final class Builder {
    private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
    private boolean allowSpinning;
    private Optimization optimization = Optimization.ALL;
    private List<String> executionProviders = List.of();
    private final Map<String, String> backendOptions = new LinkedHashMap<>();
    private String name;

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

    public Builder optimization(Optimization level) {
      this.optimization = Objects.requireNonNull(level, "optimization");
      return this;
    }

    public Builder executionProviders(String... providers) {
      this.executionProviders = List.of(providers);
      return this;
    }

    public Builder backendOption(String key, String value) {
      backendOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder name(String modelName) {
      if (modelName.trim().isEmpty()) {   // not isBlank(): Android has it from API 34 only
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = modelName;
      return this;
    }

    public ModelOptions build() {
      return new ModelOptions(this);
    }
  }
}
