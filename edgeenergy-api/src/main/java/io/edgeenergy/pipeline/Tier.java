package io.edgeenergy.pipeline;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.model.Model;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One tier of a {@link TieredInferencePipeline}: a {@link Stage} (a model, a stateful model, or plain
 * Java), or a segmented multi-exit model, with its pre- and post-processing.
 *
 * <p>A <b>segmented</b> tier is a list of models: segment 1 takes the tier's input, every later
 * segment takes the previous one's hidden-state output, and every segment has an exit head read by
 * the tier's {@link ScoreReader}. Stopping at exit k really skips the compute of the later segments.
 * (A single model whose exits are only extra outputs would compute them all anyway, so it is not
 * offered as an early-exit tier.)
 *
 * <p>The pipeline does not own the models: close them after the pipeline.
 *
 * @param <I> the application's input type
 */
public final class Tier<I> {
  /** The output a segment passes to the next one when none is named. */
  public static final String DEFAULT_HIDDEN_OUTPUT = "hidden";

  private final String name;
  private final List<Stage> stages;
  private final List<Model> segments;
  private final InputBinder<I> input;
  private final ScoreReader scores;
  private final String hiddenOutput;
  private final EarlyExitPolicy earlyExit;
  private final HintLevel hint;
  private final Duration targetLatency;

  private Tier(Builder<I> b) {
    this.name = b.name;
    this.stages = List.copyOf(b.stages);
    this.segments = List.copyOf(stages.stream().map(Stage::model).collect(Collectors.toList()));
    this.input = b.input;
    this.scores = b.scores;
    this.hiddenOutput = b.hiddenOutput;
    this.earlyExit = b.earlyExit;
    this.hint = b.hint;
    this.targetLatency = b.targetLatency;
  }

  /** A builder for a tier named {@code name}. */
  public static <I> Builder<I> builder(String name) {
    return new Builder<>(name);
  }

  /** The tier's name, in ledgers and results. */
  public String name() {
    return name;
  }

  /** The models run in order; one for a plain tier (a function stage's is a JVM-only model). */
  public List<Model> segments() {
    return segments;
  }

  /** The stages run in order, with their shapes, state and skip policy; one for a plain tier. */
  public List<Stage> stages() {
    return stages;
  }

  /** How the application's input is written into the first stage's tensors. */
  public InputBinder<I> input() {
    return input;
  }

  /** How class probabilities are read from a stage's outputs. */
  public ScoreReader scores() {
    return scores;
  }

  /** Name of the output that carries the hidden state from one segment to the next. */
  public String hiddenOutput() {
    return hiddenOutput;
  }

  /** When to stop at an exit of a segmented tier. */
  public EarlyExitPolicy earlyExit() {
    return earlyExit;
  }

  /**
   * The performance hint this tier runs under, or {@code null} for none (the platform's defaults);
   * with a {@link #targetLatency()} it is the level the latency controller starts at.
   */
  public HintLevel hint() {
    return hint;
  }

  /** The latency this tier aims at (the pipeline then picks its hint level), or {@code null}. */
  public Duration targetLatency() {
    return targetLatency;
  }

  /** Whether the tier is one model cut into segments with exits. */
  public boolean isSegmented() {
    return segments.size() > 1;
  }

  @Override
  public String toString() {
    return "Tier[" + name + ", " + segments.stream().map(Model::name).collect(Collectors.toList())
        + (isSegmented() ? ", " + earlyExit : "") + (hint == null ? "" : ", hint " + hint)
        + (targetLatency == null ? "" : ", target " + targetLatency) + "]";
  }

  /** Builder for {@link Tier}. */
  public static final class Builder<I> {
    private final String name;
    private List<Stage> stages = List.of();
    private InputBinder<I> input;
    private ScoreReader scores;
    private String hiddenOutput = DEFAULT_HIDDEN_OUTPUT;
    private EarlyExitPolicy earlyExit = EarlyExitPolicy.never();
    private HintLevel hint;
    private Duration targetLatency;

    private Builder(String name) {
      if (Objects.requireNonNull(name, "name").trim().isEmpty()) {   // not isBlank(): Android API 34+
        throw new IllegalArgumentException("a tier needs a name");
      }
      this.name = name;
    }

    /** A plain tier of one model. */
    public Builder<I> model(Model model) {
      return stage(Stage.of(Objects.requireNonNull(model, "model")));
    }

    /** A tier of one stage: a model with declared shapes or state, or plain Java. */
    public Builder<I> stage(Stage stage) {
      this.stages = List.of(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    /** A segmented multi-exit tier: the models in order, each with an exit head. */
    public Builder<I> segments(List<Model> models) {
      models.forEach(m -> Objects.requireNonNull(m, "segment"));
      return stages(models.stream().map(Stage::of).collect(Collectors.toList()));
    }

    /**
     * The tier's stages in order, as {@link Tier#stages()} returns them: how a tier is copied with its
     * declared shapes, state and skip policies intact (one stage, or segments each with an exit head).
     */
    public Builder<I> stages(List<Stage> stages) {
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("tier '" + name + "': segments must not be empty");
      }
      stages.forEach(st -> Objects.requireNonNull(st, "segment"));
      this.stages = List.copyOf(stages);
      return this;
    }

    /** Sets how the input is bound. */
    public Builder<I> input(InputBinder<I> binder) {
      this.input = Objects.requireNonNull(binder, "input");
      return this;
    }

    /** Sets how scores are read. */
    public Builder<I> scores(ScoreReader reader) {
      this.scores = Objects.requireNonNull(reader, "scores");
      return this;
    }

    /** The output passed from each segment to the next; default {@value #DEFAULT_HIDDEN_OUTPUT}. */
    public Builder<I> hiddenOutput(String output) {
      this.hiddenOutput = Objects.requireNonNull(output, "hiddenOutput");
      return this;
    }

    /** When to stop at an intermediate exit of a segmented tier; default: never. */
    public Builder<I> earlyExit(EarlyExitPolicy policy) {
      this.earlyExit = Objects.requireNonNull(policy, "earlyExit");
      return this;
    }

    /**
     * Runs this tier under {@code level} (e.g. {@link HintLevel#LOW} for an always-on tier,
     * {@link HintLevel#BURST} for the big one); needs the pipeline's
     * {@link TieredInferencePipeline.Builder#hints hints}.
     */
    public Builder<I> hint(HintLevel level) {
      this.hint = Objects.requireNonNull(level, "hint");
      return this;
    }

    /**
     * Lets the pipeline choose this tier's hint level: the lowest that keeps the tier's latency under
     * {@code target} (see {@link io.edgeenergy.hints.TargetLatencyController}); starts at {@link #hint}
     * if set, else at {@link HintLevel#BURST}.
     */
    public Builder<I> targetLatency(Duration target) {
      Objects.requireNonNull(target, "targetLatency");
      if (target.isNegative() || target.isZero()) {
        throw new IllegalArgumentException("tier '" + name + "': target latency must be > 0, was " + target);
      }
      this.targetLatency = target;
      return this;
    }

    /** The tier. */
    public Tier<I> build() {
      if (stages.isEmpty()) {
        throw new IllegalStateException("tier '" + name + "' needs a model or segments (or a stage)");
      }
      if (input == null) {
        throw new IllegalStateException("tier '" + name + "' needs an input binder (pre-processing)");
      }
      if (scores == null) {
        throw new IllegalStateException("tier '" + name + "' needs a score reader (post-processing)");
      }
      return new Tier<>(this);
    }
  }
}
