package io.edgeenergy.testkit;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.pipeline.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds the chained {@link ScriptedModel}s of one segmented (multi-exit) tier, as the pipeline
 * expects them: segment 0 takes {@code x} FLOAT32[1, n]; every segment but the last outputs
 * {@code hidden} FLOAT32[1, h] and {@code probs} FLOAT32[1, classes]; every later segment takes
 * {@code hidden}; the last outputs only {@code probs}. Each segment copies its input into
 * {@code hidden}, so with the default hidden size (= input size) a {@linkplain #segment(ScriptedModel.Cost,
 * Function) function} segment sees the tier's original input.
 *
 * <pre>{@code
 * List<ScriptedModel> mlp = ScriptedModel.segments("mlp").classes(2).simulatedOn(ticker, meter)
 *     .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(20)), SURE, UNSURE)
 *     .segment(Cost.of(Duration.ofMillis(2), Energy.ofMicrojoules(80)), new float[] {0.1f, 0.9f})
 *     .build();
 * Tier<float[]> tier = ScriptedModel.tier("mlp", mlp, EarlyExitPolicy.maxProbability(0.9));
 * }</pre>
 */
public final class ScriptedSegments {
  /** The output (and later segments' input) carrying the hidden state. */
  public static final String HIDDEN = "hidden";

  private final String name;
  private int inputSize = 64;
  private int hiddenSize = -1;
  private int classes = 10;
  private FakeTicker ticker;
  private SimulatedMeter meter;
  private final List<Consumer<ScriptedModel.Builder>> segments = new ArrayList<>();
  private final List<ScriptedModel.Cost> costs = new ArrayList<>();

  ScriptedSegments(String name) {
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("segments need a name");
    }
    this.name = name;
  }

  /** Input {@code x} FLOAT32[1, n] of segment 0; default 64. */
  public ScriptedSegments inputSize(int n) {
    this.inputSize = positive("inputSize", n);
    return this;
  }

  /** Hidden state FLOAT32[1, h]; default the input size. */
  public ScriptedSegments hiddenSize(int h) {
    this.hiddenSize = positive("hiddenSize", h);
    return this;
  }

  /** Classes of every exit head; default 10. */
  public ScriptedSegments classes(int c) {
    this.classes = positive("classes", c);
    return this;
  }

  /** The fake ticker and simulated meter every segment's cost goes to. */
  public ScriptedSegments simulatedOn(FakeTicker fakeTicker, SimulatedMeter simulatedMeter) {
    this.ticker = Objects.requireNonNull(fakeTicker, "ticker");
    this.meter = Objects.requireNonNull(simulatedMeter, "meter");
    return this;
  }

  /** The next segment: each run costs {@code cost}; its exit answers successive runs with {@code script}, cycling. */
  public ScriptedSegments segment(ScriptedModel.Cost cost, float[]... script) {
    return add(cost, b -> b.script(script));
  }

  /** The next segment: its exit's probabilities as a function of its input (the hidden state). */
  public ScriptedSegments segment(ScriptedModel.Cost cost, Function<float[], float[]> probabilities) {
    return add(cost, b -> b.function(probabilities));
  }

  private ScriptedSegments add(ScriptedModel.Cost cost, Consumer<ScriptedModel.Builder> answers) {
    costs.add(Objects.requireNonNull(cost, "cost"));
    segments.add(answers);
    return this;
  }

  /** The segment models, named {@code name/0}, {@code name/1}, ...; at least two segments. */
  public List<ScriptedModel> build() {
    if (segments.size() < 2) {
      throw new IllegalStateException("segmented model '" + name + "' needs at least two segments, has "
          + segments.size());
    }
    int h = hiddenSize > 0 ? hiddenSize : inputSize;
    TensorSpec hidden = TensorSpec.of(HIDDEN, DType.FLOAT32, 1, h);
    TensorSpec probs = TensorSpec.of("probs", DType.FLOAT32, 1, classes);
    List<ScriptedModel> models = new ArrayList<>();
    for (int k = 0; k < segments.size(); k++) {
      boolean last = k == segments.size() - 1;
      ScriptedModel.Builder b = ScriptedModel.builder(name + "/" + k)
          .inputs(k == 0 ? TensorSpec.of("x", DType.FLOAT32, 1, inputSize) : hidden);
      if (last) {
        b.outputs(probs);
      } else {
        b.outputs(hidden, probs).passThrough(HIDDEN);
      }
      if (ticker != null) {
        b.simulatedOn(ticker, meter).costs(costs.get(k));
      } else if (!costs.get(k).equals(ScriptedModel.Cost.FREE)) {
        throw new IllegalStateException("segmented model '" + name + "' has costs but nowhere to charge them: "
            + "call simulatedOn(ticker, meter)");
      }
      segments.get(k).accept(b);
      models.add(b.build());
    }
    return List.copyOf(models);
  }

  /** {@link #build()} wrapped in a tier that exits by {@code earlyExit}. */
  public Tier<float[]> buildTier(EarlyExitPolicy earlyExit) {
    return ScriptedModel.tier(name, build(), earlyExit);
  }

  private static int positive(String what, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, was " + n);
    }
    return n;
  }
}
