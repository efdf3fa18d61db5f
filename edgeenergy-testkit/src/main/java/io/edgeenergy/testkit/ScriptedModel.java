package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Model} with scripted answers and costs, for testing policies and pipelines without a
 * native runtime. Each run writes the next scripted probabilities (or whatever a {@link Responder}
 * computes) into the scores output, advances the {@link FakeTicker} by the scripted latency and
 * adds the scripted energy to the {@link SimulatedMeter}, so joules and latency are known exactly.
 * It validates tensors like a real backend.
 *
 * <pre>{@code
 * var ticker = FakeTicker.create();
 * var meter = SimulatedMeter.workOnly(ticker);
 * var tiny = ScriptedModel.builder("tiny").classes(2).script(new float[] {0.95f, 0.05f})
 *     .cost(Duration.ofMillis(1), Energy.ofMicrojoules(50), ticker, meter).build();
 * }</pre>
 */
public final class ScriptedModel implements Model {
  /** Computes outputs from inputs, for models whose answer depends on the input. */
  @FunctionalInterface
  public interface Responder {
    void respond(Tensor[] inputs, Tensor[] outputs);
  }

  private final String name;
  private final Signature signature;
  private final Responder responder;
  private final long latencyNanos;
  private final Energy energy;
  private final FakeTicker ticker;
  private final SimulatedMeter meter;
  private RuntimeException failure;
  private long runs;
  private boolean closed;

  private ScriptedModel(Builder b) {
    this.name = b.name;
    this.signature = new Signature(b.inputs, b.outputs);
    this.responder = b.responder != null ? b.responder : scripted(b.script, signature.outputIndex(b.scoresOutput));
    this.latencyNanos = b.latency.toNanos();
    this.energy = b.energy;
    this.ticker = b.ticker;
    this.meter = b.meter;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Calls made so far. */
  public long runs() {
    return runs;
  }

  /** Makes the next runs throw {@code e} (after charging their cost), like a failing runtime. */
  public void failWith(RuntimeException e) {
    this.failure = e;
  }

  @Override
  public void run(Tensor[] inputs, Tensor[] outputs) {
    checkOpen();
    check("input", inputs, signature.inputs());
    check("output", outputs, signature.outputs());
    runs++;
    if (ticker != null) {
      ticker.advanceNanos(latencyNanos);
    }
    if (meter != null) {
      meter.addWork(energy);
    }
    if (failure != null) {
      throw failure;
    }
    responder.respond(inputs, outputs);
  }

  private void check(String kind, Tensor[] given, List<TensorSpec> expected) {
    if (given.length != expected.size()) {
      throw new TensorMismatchException("model '" + name + "' takes " + expected.size() + " " + kind + "s, got "
          + given.length);
    }
    for (int i = 0; i < given.length; i++) {
      if (given[i].isClosed()) {
        throw new ModelClosedException("model '" + name + "': " + kind + " " + i + " was closed");
      }
      if (!expected.get(i).accepts(given[i].spec())) {
        throw new TensorMismatchException("model '" + name + "' " + kind + " " + i + ": expected " + expected.get(i)
            + ", got " + given[i].spec());
      }
    }
  }

  private static Responder scripted(List<float[]> script, int scoresIndex) {
    if (script.isEmpty()) {
      throw new IllegalStateException("a scripted model needs script(...) or respond(...)");
    }
    int[] next = new int[1];
    return (in, out) -> {
      float[] p = script.get(next[0]++ % script.size());
      out[scoresIndex].floats().put(0, p);
    };
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
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new ModelClosedException("model '" + name + "' was closed");
    }
  }

  @Override
  public String toString() {
    return "ScriptedModel[" + name + ", " + signature + "]";
  }

  /** Builder for {@link ScriptedModel}; by default input {@code x} FLOAT32[1,64], output {@code probs}. */
  public static final class Builder {
    private final String name;
    private List<TensorSpec> inputs = List.of(TensorSpec.of("x", DType.FLOAT32, 1, 64));
    private List<TensorSpec> outputs = List.of(TensorSpec.of("probs", DType.FLOAT32, 1, 10));
    private String scoresOutput = "probs";
    private final List<float[]> script = new ArrayList<>();
    private Responder responder;
    private Duration latency = Duration.ZERO;
    private Energy energy = Energy.ZERO;
    private FakeTicker ticker;
    private SimulatedMeter meter;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Output {@code probs} FLOAT32[1, classes] (the default signature's output). */
    public Builder classes(int classes) {
      this.outputs = List.of(TensorSpec.of("probs", DType.FLOAT32, 1, classes));
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

    /** Probabilities returned by successive runs, cycling when exhausted. */
    public Builder script(float[]... perRun) {
      for (float[] p : perRun) {
        script.add(Arrays.copyOf(p, p.length));
      }
      return this;
    }

    /** Computes outputs from inputs instead of a script. */
    public Builder respond(Responder r) {
      this.responder = Objects.requireNonNull(r, "responder");
      return this;
    }

    /** Each run takes {@code latency} on {@code ticker} and adds {@code energy} to {@code meter}. */
    public Builder cost(Duration latency, Energy energy, FakeTicker ticker, SimulatedMeter meter) {
      this.latency = Objects.requireNonNull(latency, "latency");
      this.energy = Objects.requireNonNull(energy, "energy");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.meter = Objects.requireNonNull(meter, "meter");
      return this;
    }

    public ScriptedModel build() {
      return new ScriptedModel(this);
    }
  }
}
