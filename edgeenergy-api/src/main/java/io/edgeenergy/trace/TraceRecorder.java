package io.edgeenergy.trace;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.internal.Sha256;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records a trace for {@code edgeenergy simulate}: for each input, every stage's class probabilities,
 * its joules and wall time, and the label, as one JSON Lines record. With every stage's answer and cost
 * on file, any gate policy and threshold can then be replayed offline without running a model.
 *
 * <p>Opt-in and beside the pipeline: call {@link #run(Object, int)} instead of the pipeline's
 * {@code run} for the inputs to record (a sample in production). It runs the pipeline as usual and,
 * batched after it, a probe over the <em>same</em> models and meter that runs every stage of every tier,
 * for the answers and costs of the stages the pipeline skipped. The pipeline itself is untouched and pays nothing when you
 * do not record; a recorded input costs one extra pass through all tiers plus a line write.
 *
 * <p>Format (version 1): a header {@code {"type":"header","version":1,"meter":..,"quality":..,
 * "tiers":[{"name":..,"models":[{"name":..,"file":..,"sha256":..}]}]}} ({@code file} and {@code sha256}
 * for the models given to {@link Builder#modelFile}), then one
 * {@code {"i":0,"label":3,"p":[[..],[..]],"nj":[..],"ns":[..]}} per input (stages in order, tier by
 * tier; a stage's class count is the length of its {@code p} array), then {@code {"type":"end","inputs":N}}.
 * Records reach the file a batch at a time; a file without its end record was cut short.
 *
 * <p>{@link Builder#build()} opens the file first, so an unwritable path fails before any work.
 * One thread at a time, like the pipeline.
 */
public final class TraceRecorder<I> implements AutoCloseable {
  /** Inputs the pipeline runs before the probe catches up on them. */
  public static final int BATCH = 1024;

  private final Path path;
  private final Writer out;
  private final TieredInferencePipeline<I> live;
  private final TieredInferencePipeline<I> probe;
  private final float[][] probs;
  private final StringBuilder line = new StringBuilder(256);
  private final List<Pending<I>> pending = new ArrayList<>();
  private long inputs;
  private boolean closed;

  private TraceRecorder(Builder<I> b, Writer out) {
    this.path = b.path;
    this.out = out;
    this.live = b.pipeline;
    List<Tier<I>> tiers = b.pipeline.tiers();
    int stages = tiers.stream().mapToInt(t -> t.segments().size()).sum();
    this.probs = new float[stages][];
    int[] offset = new int[tiers.size()];
    for (int t = 1; t < tiers.size(); t++) {
      offset[t] = offset[t - 1] + tiers.get(t - 1).segments().size();
    }
    TieredInferencePipeline.Builder<I> pb = TieredInferencePipeline.builder();
    for (int t = 0; t < tiers.size(); t++) {
      Tier<I> tier = tiers.get(t);
      if (t > 0) {
        pb.gate((Prediction p, BudgetView v) -> {
          capture(offset[p.tier()] + p.stage(), p);
          return GatePolicy.Decision.ESCALATE;
        });
      }
      pb.tier(Tier.<I>builder(tier.name()).stages(tier.stages()).input(tier.input()).scores(tier.scores())
          .hiddenOutput(tier.hiddenOutput()).earlyExit((Prediction p, BudgetView v) -> {
            capture(offset[p.tier()] + p.stage(), p);
            return EarlyExitPolicy.Decision.CONTINUE;
          }).build());
    }
    var meter = b.pipeline.meter();
    this.probe = pb.meter(meter).ticker(meter.ticker()).metering(Metering.everyRun()).build();
    line.append("{\"type\":\"header\",\"version\":1,\"meter\":").append(Json.string(meter.name()))
        .append(",\"quality\":\"").append(meter.quality()).append("\",\"tiers\":[");
    for (int t = 0; t < tiers.size(); t++) {
      line.append(t == 0 ? "" : ",").append("{\"name\":").append(Json.string(tiers.get(t).name())).append(",\"models\":[");
      List<Model> segs = tiers.get(t).segments();
      for (int s = 0; s < segs.size(); s++) {
        String name = segs.get(s).name();
        line.append(s == 0 ? "" : ",").append("{\"name\":").append(Json.string(name));
        String[] file = b.files.get(name);
        if (file != null) {
          line.append(",\"file\":").append(Json.string(file[0])).append(",\"sha256\":\"").append(file[1]).append('"');
        }
        line.append('}');
      }
      line.append("]}");
    }
    line.append("]}\n");
    write(true);
  }

  /** A recorder for {@code pipeline}'s models and meter, writing to {@code out}. */
  public static <I> Builder<I> builder(TieredInferencePipeline<I> pipeline, Path out) {
    return new Builder<>(pipeline, out);
  }

  private void capture(int stage, Prediction p) {
    float[] dst = probs[stage];
    if (dst == null || dst.length != p.classCount()) {
      dst = probs[stage] = new float[p.classCount()];
    }
    for (int c = 0; c < dst.length; c++) {
      dst[c] = p.probability(c);
    }
  }

  /**
   * Runs {@code input} through the pipeline as usual and records it with {@code label}: the stages the
   * pipeline ran carry the joules and wall time <em>its</em> ledger charged, so replaying the same policy
   * gives back the same joules. The probe that fills in the skipped stages runs later, for a batch of
   * {@value #BATCH} inputs at a time (and on {@link #close()}), so it does not disturb the pipeline's own
   * runs and figures; until then the recorder keeps a reference to {@code input}: do not change it.
   * Returns the pipeline's (reused) result.
   */
  public InferenceResult run(I input, int label) {
    if (closed) {
      throw new IllegalStateException("trace recorder for " + path + " was closed");
    }
    LedgerSnapshot before = live.ledger().snapshot();
    InferenceResult r = live.run(input);
    pending.add(new Pending<>(input, label, before, live.ledger().snapshot()));
    if (pending.size() >= BATCH) {
      flush();
    }
    return r;
  }

  /** One input the pipeline ran, waiting for the probe: its live ledger around the run. */
  private record Pending<I>(I input, int label, LedgerSnapshot before, LedgerSnapshot after) {}

  /** Runs the probe over the pending inputs and writes their records, flushing once for the batch. */
  private void flush() {
    // the probe runs only here, so one input's "after" is the next one's "before": one snapshot per input
    LedgerSnapshot before = probe.ledger().snapshot();
    for (Pending<I> item : pending) {
      InferenceResult p = probe.run(item.input());
      capture(probs.length - 1, p.prediction());
      LedgerSnapshot after = probe.ledger().snapshot();
      line.append("{\"i\":").append(inputs).append(",\"label\":").append(item.label()).append(",\"p\":[");
      for (int s = 0; s < probs.length; s++) {
        line.append(s == 0 ? "[" : ",[");
        for (int c = 0; c < probs[s].length; c++) {
          line.append(c == 0 ? "" : ",").append(Json.number(probs[s][c]));
        }
        line.append(']');
      }
      StringBuilder ns = new StringBuilder("],\"ns\":[");
      line.append("],\"nj\":[");
      int k = 0;
      for (int t = 0; t < after.tiers().size(); t++) {
        for (int s = 0; s < after.tiers().get(t).stages().size(); s++, k++) {
          LedgerSnapshot.StageStats ran = item.after().tiers().get(t).stages().get(s);
          LedgerSnapshot.StageStats ranBefore = item.before().tiers().get(t).stages().get(s);
          boolean liveRan = ran.runs() > ranBefore.runs();
          LedgerSnapshot.StageStats now = liveRan ? ran : after.tiers().get(t).stages().get(s);
          LedgerSnapshot.StageStats was = liveRan ? ranBefore : before.tiers().get(t).stages().get(s);
          line.append(k == 0 ? "" : ",").append(now.energy().nanojoules() - was.energy().nanojoules());
          ns.append(k == 0 ? "" : ",").append(now.wallNanos() - was.wallNanos());
        }
      }
      line.append(ns).append("]}\n");
      before = after;
      inputs++;
      write(false);
    }
    if (!pending.isEmpty()) {
      flushFile();
    }
    pending.clear();
  }

  /** Inputs written to the trace so far (the pending ones are written by the next batch or close). */
  public long inputs() {
    return inputs;
  }

  /** Writes the end record and closes the file and the probe; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (Writer w = out; TieredInferencePipeline<I> p = probe) {
      flush();
      line.append("{\"type\":\"end\",\"inputs\":").append(inputs).append("}\n");
      write(true);
    } catch (IOException e) {
      throw new TraceException("could not finish trace " + path + ": " + e.getMessage(), e);
    }
  }

  /** Appends the line to the (buffered) file; {@code flush} also pushes it to the file system. */
  private void write(boolean flush) {
    try {
      out.append(line);
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      line.setLength(0);
    }
    if (flush) {
      flushFile();
    }
  }

  /** Once per batch, not per record: a crash then loses the batch in progress, which was not on file yet anyway. */
  private void flushFile() {
    try {
      out.flush();
    } catch (IOException e) {
      throw writeFailed(e);
    }
  }

  private TraceException writeFailed(IOException e) {
    return new TraceException("could not write trace " + path + " after " + inputs + " inputs: " + e.getMessage(), e);
  }

  /** The SHA-256 of a file, hex; how a trace names the exact model files it was recorded with. */
  public static String sha256(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file, e);
    }
  }

  /** Builder for {@link TraceRecorder}. */
  public static final class Builder<I> {
    private final TieredInferencePipeline<I> pipeline;
    private final Path path;
    private final Map<String, String[]> files = new LinkedHashMap<>();

    private Builder(TieredInferencePipeline<I> pipeline, Path path) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Records that the model named {@code modelName} was loaded from {@code file} (its name and SHA-256
     * go into the header), so a replay against other model files is refused.
     */
    public Builder<I> modelFile(String modelName, Path file) {
      files.put(modelName, new String[] {file.getFileName().toString(), sha256(file)});
      return this;
    }

    /** Opens the file (refusing an unwritable path now, before any work) and writes the header. */
    public TraceRecorder<I> build() {
      Writer w;
      try {
        w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new TraceException("cannot write the trace to " + path + " (" + e.getClass().getSimpleName() + ": "
            + e.getMessage() + "): choose a writable file, e.g. in an existing directory you own", e);
      }
      return new TraceRecorder<>(this, w);
    }
  }
}
