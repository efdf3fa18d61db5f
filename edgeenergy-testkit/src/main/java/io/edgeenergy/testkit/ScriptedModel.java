package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link Model} (backend {@code "scripted"}) with scripted answers and costs, for testing policies
 * and pipelines without a native runtime.
 *
 * <p>Each {@link #run} checks its tensors like a real backend (count, dtype and shape against the
 * signature: {@link TensorMismatchException}; a closed model or tensor: {@link ModelClosedException}),
 * then advances the {@link FakeTicker} by the scripted latency and adds the scripted energy to the
 * {@link SimulatedMeter}, so a pipeline's joules and latency are known exactly; then writes the
 * scores output: the next vector of a {@linkplain Builder#script script} (cycling), or what a
 * {@linkplain Builder#function function} of the input returns. Default signature: input {@code x}
 * FLOAT32[1, 64], output {@code probs} FLOAT32[1, 10].
 *
 * <pre>{@code
 * var ticker = FakeTicker.create();
 * var meter = SimulatedMeter.workOnly(ticker);
 * var tiny = ScriptedModel.builder("tiny").classes(2)
 *     .function(x -> x[0] > 0 ? new float[] {0.05f, 0.95f} : new float[] {0.6f, 0.4f})
 *     .cost(Duration.ofMillis(1), Energy.ofMicrojoules(50), ticker, meter).build();
 * var pipeline = TieredInferencePipeline.<float[]>builder().tier(tiny.tier()) ...
 * }</pre>
 *
 * <p>Segmented (multi-exit) models: {@link #segments(String)}. Like any model, one thread at a time.
 */
public final class ScriptedModel implements Model {
  /** Computes outputs from inputs, for models whose answer depends on the input. */
  @FunctionalInterface
  public interface Responder {
    void respond(Tensor[] inputs, Tensor[] outputs);
  }

  /** What one run costs: time on the fake ticker and work on the simulated meter. */
  public record Cost(Duration latency, Energy energy) {
    public static final Cost FREE = new Cost(Duration.ZERO, Energy.ZERO);

    public Cost {
      Objects.requireNonNull(energy, "energy");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must be >= 0, was " + latency);
      }
    }

    public static Cost of(Duration latency, Energy energy) {
      return new Cost(latency, energy);
    }
  }

  private final String name;
  private final Signature signature;
  private final String scoresOutput;
  private final Responder responder;
  private final int passThroughIndex;
  private final Cost[] costs;
  private final FakeTicker ticker;
  private final SimulatedMeter meter;
  private final AtomicBoolean closed = new AtomicBoolean();
  private RuntimeException failure;
  private long runs;
  private int scriptPosition;

  private ScriptedModel(Builder b) {
    this.name = b.name;
    this.signature = new Signature(b.inputs, b.outputs);
    this.scoresOutput = b.scoresOutput;
    this.costs = b.costs.toArray(new Cost[0]);
    this.ticker = b.ticker;
    this.meter = b.meter;
    this.passThroughIndex = b.passThrough == null ? -1 : signature.outputIndex(b.passThrough);
    if (passThroughIndex >= 0 && (signature.inputs().isEmpty() || signature.inputs().get(0).dtype() != DType.FLOAT32
        || signature.outputs().get(passThroughIndex).dtype() != DType.FLOAT32)) {
      throw new IllegalStateException("model '" + name + "': passThrough copies a FLOAT32 input 0 into a FLOAT32 output");
    }
    this.responder = b.responder != null ? b.responder : scoresWriter(b);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder for the chained models of one segmented (multi-exit) tier. */
  public static ScriptedSegments segments(String name) {
    return new ScriptedSegments(name);
  }

  /** A plain tier named like this model, fed {@code float[]} inputs, reading probabilities from {@code probs}. */
  public Tier<float[]> tier() {
    return Tier.<float[]>builder(name).model(this).input(InputBinder.floats())
        .scores(ScoreReader.probabilities(scoresOutputName())).build();
  }

  /** A segmented tier over {@code segments} (from {@link #segments(String)}) that exits by {@code earlyExit}. */
  public static Tier<float[]> tier(String name, List<ScriptedModel> segments, EarlyExitPolicy earlyExit) {
    return Tier.<float[]>builder(name).segments(List.copyOf(segments)).input(InputBinder.floats())
        .scores(ScoreReader.probabilities(segments.get(0).scoresOutputName()))
        .hiddenOutput(ScriptedSegments.HIDDEN).earlyExit(earlyExit).build();
  }

  /** Calls made so far (including ones that failed). */
  public long runs() {
    return runs;
  }

  /** Restarts the script from its first vector (the run count is kept). */
  public void rewind() {
    scriptPosition = 0;
  }

  /** Makes the next runs throw {@code e} after charging their cost, like a failing runtime; null stops it. */
  public void failWith(RuntimeException e) {
    this.failure = e;
  }

  @Override
  public void run(Tensor[] inputs, Tensor[] outputs) {
    checkOpen();
    check("input", inputs, signature.inputs());
    check("output", outputs, signature.outputs());
    Cost cost = costs.length == 0 ? Cost.FREE : costs[(int) (runs % costs.length)];
    runs++;
    if (ticker != null) {
      ticker.advance(cost.latency());
    }
    if (meter != null) {
      meter.addWork(cost.energy());
    }
    if (failure != null) {
      throw failure;
    }
    if (passThroughIndex >= 0) {
      FloatBuffer src = inputs[0].floats();
      FloatBuffer dst = outputs[passThroughIndex].floats();
      int n = Math.min(src.capacity(), dst.capacity());
      for (int i = 0; i < dst.capacity(); i++) {
        dst.put(i, i < n ? src.get(i) : 0f);
      }
    }
    responder.respond(inputs, outputs);
  }

  private void check(String kind, Tensor[] given, List<TensorSpec> expected) {
    if (given.length != expected.size()) {
      throw new TensorMismatchException("model '" + name + "' takes " + expected.size() + " " + kind + "s "
          + expected + ", got " + given.length);
    }
    for (int i = 0; i < given.length; i++) {
      if (given[i].isClosed()) {
        throw new ModelClosedException("model '" + name + "': " + kind + " " + i + " (" + given[i].spec()
            + ") was closed");
      }
      if (!expected.get(i).accepts(given[i].spec())) {
        throw new TensorMismatchException("model '" + name + "' " + kind + " " + i + ": expected " + expected.get(i)
            + ", got " + given[i].spec());
      }
    }
  }

  private Responder scoresWriter(Builder b) {
    int index = signature.outputIndex(b.scoresOutput);
    TensorSpec spec = signature.outputs().get(index).concrete();
    if (spec.dtype() != DType.FLOAT32) {
      throw new IllegalStateException("model '" + name + "': scores output " + spec + " must be FLOAT32");
    }
    int classes = (int) spec.elementCount();
    if (b.function != null) {
      Function<float[], float[]> fn = b.function;
      return (in, out) -> {
        float[] x = new float[in[0].elementCount()];
        in[0].floats().get(0, x);
        float[] p = fn.apply(x);
        if (p == null || p.length != classes) {
          throw new IllegalStateException("model '" + name + "': the function returned "
              + (p == null ? "null" : p.length + " scores") + " for " + spec);
        }
        out[index].floats().put(0, p);
      };
    }
    if (b.script.isEmpty()) {
      throw new IllegalStateException("model '" + name + "' needs script(...), function(...) or respond(...)");
    }
    for (float[] p : b.script) {
      if (p.length != classes) {
        throw new IllegalStateException("model '" + name + "': a scripted vector has " + p.length
            + " scores but " + spec + " holds " + classes);
      }
    }
    float[][] script = b.script.toArray(new float[0][]);
    return (in, out) -> {
      float[] p = script[scriptPosition];
      scriptPosition = (scriptPosition + 1) % script.length;
      out[index].floats().put(0, p);
    };
  }

  String scoresOutputName() {
    return scoresOutput;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Signature signature() {
    checkOpen();
    return signature;
  }

  @Override
  public String backend() {
    return "scripted";
  }

  @Override
  public String executionProvider() {
    return "script";
  }

  @Override
  public Tensor[] newInputs() {
    checkOpen();
    return signature.inputs().stream().map(Tensor::allocate).toArray(Tensor[]::new);
  }

  @Override
  public Tensor[] newOutputs() {
    checkOpen();
    return signature.outputs().stream().map(Tensor::allocate).toArray(Tensor[]::new);
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new ModelClosedException("model '" + name + "' was closed");
    }
  }

  @Override
  public String toString() {
    return "ScriptedModel[" + name + ", " + signature + ", " + runs + " runs]";
  }

  /**
   * Builder for {@link ScriptedModel}. The scores output (default {@code probs}) gets its values
   * from {@link #script}, {@link #function} or, for full control, {@link #respond}.
   */
  public static final class Builder {
    private final String name;
    private List<TensorSpec> inputs = List.of(TensorSpec.of("x", DType.FLOAT32, 1, 64));
    private List<TensorSpec> outputs = List.of(TensorSpec.of("probs", DType.FLOAT32, 1, 10));
    private String scoresOutput = "probs";
    private String passThrough;
    private final List<float[]> script = new ArrayList<>();
    private Function<float[], float[]> function;
    private Responder responder;
    private final List<Cost> costs = new ArrayList<>();
    private FakeTicker ticker;
    private SimulatedMeter meter;

    private Builder(String name) {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("a model needs a name");
      }
      this.name = name;
    }

    /** Input {@code x} FLOAT32[1, n] (the default signature's input, with n = 64). */
    public Builder inputSize(int n) {
      this.inputs = List.of(TensorSpec.of("x", DType.FLOAT32, 1, n));
      return this;
    }

    /** Output {@code probs} FLOAT32[1, classes] (the default signature's output, with 10 classes). */
    public Builder classes(int classes) {
      this.outputs = List.of(TensorSpec.of("probs", DType.FLOAT32, 1, classes));
      this.scoresOutput = "probs";
      return this;
    }

    public Builder inputs(TensorSpec... specs) {
      this.inputs = List.of(specs);
      return this;
    }

    public Builder outputs(TensorSpec... specs) {
      this.outputs = List.of(specs);
      return this;
    }

    /** The output scripted probabilities go to; default {@code probs}. */
    public Builder scoresOutput(String output) {
      this.scoresOutput = Objects.requireNonNull(output, "scoresOutput");
      return this;
    }

    /** Copies input 0 into {@code output} every run (truncated or zero-padded), e.g. as a hidden state. */
    public Builder passThrough(String output) {
      this.passThrough = Objects.requireNonNull(output, "passThrough");
      return this;
    }

    /** Probabilities returned by successive runs, cycling when exhausted. */
    public Builder script(float[]... perRun) {
      for (float[] p : perRun) {
        script.add(Arrays.copyOf(p, p.length));
      }
      return this;
    }

    /** Probabilities as a function of input 0's values (a FLOAT32 input): answers depend on the input only. */
    public Builder function(Function<float[], float[]> probabilities) {
      this.function = Objects.requireNonNull(probabilities, "function");
      return this;
    }

    /** Computes outputs from inputs instead of a script; overrides {@link #script} and {@link #function}. */
    public Builder respond(Responder r) {
      this.responder = Objects.requireNonNull(r, "responder");
      return this;
    }

    /** The fake ticker latencies advance and the simulated meter energies are charged to. */
    public Builder simulatedOn(FakeTicker fakeTicker, SimulatedMeter simulatedMeter) {
      this.ticker = Objects.requireNonNull(fakeTicker, "ticker");
      this.meter = Objects.requireNonNull(simulatedMeter, "meter");
      return this;
    }

    /** Every run takes {@code latency} and spends {@code energy} (needs {@link #simulatedOn}). */
    public Builder cost(Duration latency, Energy energy) {
      return costs(Cost.of(latency, energy));
    }

    /** Successive runs cost these, cycling when exhausted (needs {@link #simulatedOn}). */
    public Builder costs(Cost... perRun) {
      costs.clear();
      costs.addAll(List.of(perRun));
      return this;
    }

    /** Shorthand for {@code simulatedOn(ticker, meter).cost(latency, energy)}. */
    public Builder cost(Duration latency, Energy energy, FakeTicker fakeTicker, SimulatedMeter simulatedMeter) {
      return simulatedOn(fakeTicker, simulatedMeter).cost(latency, energy);
    }

    public ScriptedModel build() {
      if (!costs.isEmpty() && ticker == null) {
        throw new IllegalStateException("model '" + name + "' has costs but nowhere to charge them: call "
            + "simulatedOn(ticker, meter)");
      }
      return new ScriptedModel(this);
    }
  }
}
