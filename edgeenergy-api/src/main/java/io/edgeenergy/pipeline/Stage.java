package io.edgeenergy.pipeline;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Tier} runs: one model call, or one call of plain Java, with the wiring it needs at
 * run time. One concept covers the three shapes always-on chains need:
 *
 * <ul>
 *   <li>a <b>model</b>, optionally with its <b>dynamic dimensions</b> declared
 *       ({@link Builder#shape}), resolved and checked when the pipeline is built;
 *   <li>a <b>stateful model</b>: named state pairs ({@link Builder#state}) whose output feeds the
 *       paired input on the next run by swapping the two bound tensors (no copy), zeroed by
 *       {@link TieredInferencePipeline#reset()}, and a {@link SkipPolicy} for runs the stage missed;
 *   <li>a <b>function</b> ({@link #function}): plain Java reading input tensors and writing output
 *       tensors, e.g. an RMS energy gate or a logistic regression; no native call, charged to the
 *       ledger like any stage.
 * </ul>
 *
 * <pre>{@code
 * Stage vad = Stage.model(silero)                 // Silero VAD v5
 *     .shape("input", 1, 576).shape("state", 2, 1, 128)
 *     .constant("sr", 16_000)
 *     .state("stateN", "state")
 *     .onSkip(SkipPolicy.reset())
 *     .build();
 * }</pre>
 *
 * <p>An undeclared dynamic dimension is 1 when it is the first (batch) dimension; any other must be
 * declared, or {@link TieredInferencePipeline.Builder#build()} fails naming the model, the tensor and
 * the dimension. Immutable; the model belongs to the caller.
 */
public final class Stage {
  private final Model model;
  private final Map<String, long[]> shapes;
  private final Map<String, String> statePairs;
  private final Map<String, Long> constants;
  private final SkipPolicy onSkip;

  private Stage(Builder b) {
    this.model = b.model;
    this.shapes = Map.copyOf(b.shapes);
    this.statePairs = Map.copyOf(b.statePairs);
    this.constants = Map.copyOf(b.constants);
    this.onSkip = b.onSkip;
  }

  /** A plain model stage: fixed shapes (or a dynamic batch of 1), no state. */
  public static Stage of(Model model) {
    return model(model).build();
  }

  /** Starts a model stage with declared shapes, state pairs or constants. */
  public static Builder model(Model model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  /**
   * A plain-Java stage named {@code name} taking inputs {@code inputs} and producing {@code outputs}
   * (concrete specs); {@code fn} runs on the hot path and must not allocate. Read its outputs with a
   * {@link ScoreReader} like a model's.
   */
  public static Builder function(String name, List<TensorSpec> inputs, List<TensorSpec> outputs, StageFunction fn) {
    return new Builder(new FunctionModel(name, inputs, outputs, fn));
  }

  /**
   * A plain-Java stage on one {@code float[]} of {@code inputLength} values producing
   * {@code outputLength} scores in an output named {@code output} (the input tensor is called
   * {@code "x"}); {@code fn} writes the scores into the array it is given and must not allocate.
   */
  public static Stage floats(String name, int inputLength, String output, int outputLength, FloatStageFunction fn) {
    return new Builder(FunctionModel.floats(name, inputLength, output, outputLength, fn)).build();
  }

  /** The model this stage calls (for a function stage, a JVM-only model around the function). */
  public Model model() {
    return model;
  }

  /** The declared shapes, by input or output name. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> copy = new LinkedHashMap<>();
    shapes.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /** State pairs: output name -> the input it feeds on the next run. */
  public Map<String, String> statePairs() {
    return statePairs;
  }

  /** Integer inputs written once when the pipeline is built (e.g. Silero's {@code sr}). */
  public Map<String, Long> constants() {
    return constants;
  }

  /** What the state does when the stage missed inputs; {@link SkipPolicy#keep()} by default. */
  public SkipPolicy onSkip() {
    return onSkip;
  }

  /** Whether the stage carries state pairs from run to run. */
  public boolean isStateful() {
    return !statePairs.isEmpty();
  }

  /** Whether this stage runs plain Java rather than a model. */
  public boolean isFunction() {
    return model instanceof FunctionModel;
  }

  @Override
  public String toString() {
    return "Stage[" + model.name() + (isFunction() ? ", java" : "") + (isStateful() ? ", state " + statePairs
        + ", on skip " + onSkip : "") + "]";
  }

  /** Builder for {@link Stage}. */
  public static final class Builder {
    private final Model model;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, String> statePairs = new LinkedHashMap<>();
    private final Map<String, Long> constants = new LinkedHashMap<>();
    private SkipPolicy onSkip = SkipPolicy.keep();

    private Builder(Model model) {
      this.model = model;
    }

    /** The concrete shape of input or output {@code tensor}, resolving its dynamic dimensions. */
    public Builder shape(String tensor, long... dims) {
      Objects.requireNonNull(tensor, "tensor");
      for (long d : dims) {
        if (d < 1) {
          throw new IllegalArgumentException("stage '" + model.name() + "': shape of '" + tensor
              + "' needs dimensions >= 1, was " + java.util.Arrays.toString(dims));
        }
      }
      shapes.put(tensor, dims.clone());
      return this;
    }

    /**
     * Carries output {@code output} into input {@code input} from one run to the next (e.g. Silero's
     * {@code stateN -> state}, an LSTM's {@code hn -> h}): same dtype and shape, swapped, not copied.
     */
    public Builder state(String output, String input) {
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(input, "input");
      if (statePairs.containsValue(input)) {
        throw new IllegalArgumentException("stage '" + model.name() + "': input '" + input + "' is fed by two states");
      }
      statePairs.put(output, input);
      return this;
    }

    /** Writes {@code value} into the integer (INT64 or INT32) scalar input {@code input} once, at build. */
    public Builder constant(String input, long value) {
      constants.put(Objects.requireNonNull(input, "input"), value);
      return this;
    }

    /** What the state does when the stage missed runs (its tier was not reached); default keep. */
    public Builder onSkip(SkipPolicy policy) {
      this.onSkip = Objects.requireNonNull(policy, "onSkip");
      return this;
    }

    /** The stage; a skip policy other than keep needs state pairs. */
    public Stage build() {
      if (statePairs.isEmpty() && onSkip.kind() != SkipPolicy.Kind.KEEP) {
        throw new IllegalStateException("stage '" + model.name() + "': onSkip(" + onSkip + ") needs state(...) pairs");
      }
      return new Stage(this);
    }
  }
}
