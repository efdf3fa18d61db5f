package io.edgeenergy.pipeline;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyLedger;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.EnergyReading;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.hints.TargetLatencyController;
import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.thermal.ThermalHeadroom;
import io.edgeenergy.thermal.ThermalPressure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs an input through tiers of models, cheapest first, and stops as soon as an answer is good
 * enough: a {@link GatePolicy} between tiers decides whether the next tier must run, an
 * {@link EarlyExitPolicy} decides whether a segmented tier may stop at an intermediate exit, and an
 * optional {@link EnergyBudget} can refuse an escalation it cannot afford. Every model call is charged
 * to the {@link #ledger()} from the {@link EnergyMeter}, and every result says its energy, quality,
 * latency and {@link StopReason}.
 *
 * <pre>{@code
 * var pipeline = TieredInferencePipeline.<float[]>builder()
 *     .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats())
 *         .scores(ScoreReader.probabilities("probs")).build())
 *     .gate(GatePolicy.maxProbability(0.9))
 *     .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats())
 *         .scores(ScoreReader.probabilities("probs")).build())
 *     .meter(meter)
 *     .build();
 * InferenceResult r = pipeline.run(pixels);
 * }</pre>
 *
 * <p><b>Thread model:</b> a pipeline is confined to one thread (it reuses its tensors and result and
 * takes no locks); build one per thread. The budget may be shared between pipelines.
 *
 * <p><b>Hot path:</b> once built, {@link #run} allocates nothing in this class: tensors, predictions
 * and the result are reused. It reads the ticker twice per model call and the meter per
 * {@link Metering}; from the measured meter delta it subtracts the meter's own read cost, calibrated
 * at build time with back-to-back reads.
 *
 * <p><b>Performance hints:</b> with {@link Builder#hints} each tier runs under its
 * {@linkplain Tier#hint() hint level} (or the level its {@linkplain Tier#targetLatency() target
 * latency} controller picks). A hint scope stays open while consecutive tier runs want the same level,
 * across inferences too (a sysfs write costs tens of µs, more than a tiny model), and is closed when a
 * tier wants another level or none, when a model call throws, and on {@link #close()} (call it on the
 * thread that ran the pipeline: uclamp and affinity are per thread). {@link Builder#hints(PerformanceHints,
 * boolean)} can release it after every inference instead. {@link InferenceResult#hintLevel} and
 * friends say what each tier ran under.
 *
 * <p><b>Thermal headroom:</b> with {@link Builder#thermal} the policies see
 * {@code max(budget pressure, thermal pressure)} (see {@link ThermalPressure}), so a budget-aware gate
 * escalates less as the device approaches throttling.
 *
 * <p>{@link #close()} frees the tensors the pipeline allocated; the models belong to the caller.
 */
public final class TieredInferencePipeline<I> implements AutoCloseable {
  private static final int OVERHEAD_CALIBRATION_READS = 201;

  private final List<Tier<I>> tiers;
  private final GatePolicy[] gates;
  private final StageRun[][] stages;
  private final EnergyMeter meter;
  private final Metering metering;
  private final Ticker ticker;
  private final EnergyBudget budget;
  private final BudgetView budgetView;
  private final EnergyLedger ledger;
  private final long meterOverheadNanojoules;
  private final InferenceResult result = new InferenceResult();
  private final List<Tensor> owned = new ArrayList<>();
  private final PerformanceHints hints;
  private final boolean holdHints;
  private final boolean hinting;
  private final HintLevel[] tierHints;
  private final TargetLatencyController[] controllers;
  private HintScope openScope;
  private HintLevel openLevel;
  /** Wall time and energy of the tier in progress, for its latency controller. */
  private long tierWallNanos;
  private long tierNanojoules;
  /** Energy charged so far by the inference in progress. */
  private long inferenceNanojoules;
  private boolean closed;

  private TieredInferencePipeline(Builder<I> b) {
    this.tiers = List.copyOf(b.tiers);
    this.gates = b.gates.toArray(new GatePolicy[0]);
    this.meter = b.meter;
    this.metering = b.metering;
    this.ticker = b.ticker;
    this.budget = b.budget;
    BudgetView view = b.budget == null ? BudgetView.UNLIMITED : b.budget;
    this.budgetView = b.thermal == null ? view : ThermalPressure.combine(view, b.thermal, b.thermalOnset);
    this.hints = b.hints;
    this.holdHints = b.holdHints;
    this.tierHints = new HintLevel[b.tiers.size()];
    this.controllers = new TargetLatencyController[b.tiers.size()];
    boolean anyHint = false;
    for (int t = 0; t < tierHints.length; t++) {
      Tier<I> tier = b.tiers.get(t);
      tierHints[t] = tier.hint();
      if (tier.targetLatency() != null) {
        controllers[t] = TargetLatencyController.builder(tier.targetLatency()).ticker(b.ticker)
            .start(tier.hint() == null ? HintLevel.BURST : tier.hint()).build();
      }
      anyHint |= tierHints[t] != null || controllers[t] != null;
    }
    this.hinting = anyHint;
    result.tiers(tierHints.length);
    EnergyLedger.Builder lb = EnergyLedger.builder();
    this.stages = new StageRun[tiers.size()][];
    try {
      for (int t = 0; t < tiers.size(); t++) {
        Tier<I> tier = tiers.get(t);
        lb.tier(tier.name(), tier.segments().stream().map(Model::name).collect(Collectors.toList()));
        stages[t] = buildStages(t, tier);
      }
    } catch (RuntimeException e) {
      closeOwned();
      throw e;
    }
    this.ledger = lb.build();
    this.meterOverheadNanojoules = b.subtractMeterOverhead ? calibrateMeterOverhead(meter) : 0;
  }

  public static <I> Builder<I> builder() {
    return new Builder<>();
  }

  /**
   * Runs one input and returns the pipeline's reused result (see {@link InferenceResult}).
   *
   * <p>If a model call throws, the energy spent so far is still charged to the ledger and budget
   * before the exception propagates.
   */
  public InferenceResult run(I input) {
    if (closed) {
      throw new IllegalStateException("pipeline was closed");
    }
    long start = ticker.read();
    inferenceNanojoules = 0;
    int calls = 0;
    boolean estimated = meter.quality() == EnergyQuality.ESTIMATED;
    int t = 0;
    int s = 0;
    StopReason reason = null;
    StageRun last = null;
    if (hinting) {
      result.clearHints();
    }
    try {
      for (t = 0; t < stages.length && reason == null; t++) {
        Tier<I> tier = tiers.get(t);
        StageRun[] tierStages = stages[t];
        if (hinting) {
          enterTier(t);
        }
        tierWallNanos = 0;
        tierNanojoules = 0;
        tier.input().bind(input, tierStages[0].inputs);
        int agreeing = 0;
        int previousTop1 = -1;
        for (s = 0; s < tierStages.length; s++) {
          last = tierStages[s];
          calls++;
          runStage(last, t, s);
          estimated |= last.lastEstimated;
          last.prediction.update(t, s, tierStages.length, 1);   // top-1 of this run, not the previous one
          agreeing = last.prediction.top1() == previousTop1 ? agreeing + 1 : 1;
          last.prediction.setAgreeingStages(agreeing);
          previousTop1 = last.prediction.top1();
          if (s < tierStages.length - 1
              && tier.earlyExit().decide(last.prediction, budgetView) == EarlyExitPolicy.Decision.EXIT) {
            reason = StopReason.EARLY_EXIT;
            break;
          }
        }
        if (controllers[t] != null) {
          controllers[t].record(tierWallNanos, tierNanojoules);
        }
        if (reason != null) {
          break;
        }
        s = tierStages.length - 1;
        if (t == stages.length - 1) {
          reason = StopReason.FINAL_TIER;
        } else if (gates[t].decide(last.prediction, budgetView) != GatePolicy.Decision.ESCALATE) {
          reason = StopReason.ACCEPTED;
        } else if (!budgetView.canAfford(Math.max(1, ledger.meanTierNanojoules(t + 1)))) {
          // a tier that never ran has no mean cost yet: still refuse when the budget is empty
          reason = StopReason.BUDGET_DENIED;
        }
        if (reason != null) {
          break;
        }
      }
    } finally {
      if (reason == null || !holdHints) {
        closeHints();   // a model call threw (restore the platform's state), or scopes end with each inference
      }
      int stopTier = Math.min(t, stages.length - 1);
      int stopStage = Math.min(s, stages[stopTier].length - 1);
      if (calls > 0) {   // an input that failed to bind ran nothing and is no inference
        ledger.recordInference(stopTier, stopStage, inferenceNanojoules, reason == StopReason.BUDGET_DENIED);
      }
      if (budget != null) {
        budget.charge(inferenceNanojoules);
      }
      if (reason != null) {
        result.set(stopTier, tiers.get(stopTier).name(), stopStage, calls, reason, inferenceNanojoules,
            estimated ? EnergyQuality.ESTIMATED : EnergyQuality.MEASURED, ticker.read() - start, last.prediction);
      }
    }
    return result;
  }

  /**
   * The target-latency controller of tier {@code tierIndex} (its per-level runs, latency and joules
   * per run), or {@code null} if that tier declared no {@linkplain Tier#targetLatency() target}.
   */
  public TargetLatencyController latencyController(int tierIndex) {
    return controllers[tierIndex];
  }

  /** Where the joules went so far. */
  public EnergyLedger ledger() {
    return ledger;
  }

  public EnergyMeter meter() {
    return meter;
  }

  public Metering metering() {
    return metering;
  }

  /** The meter's own read cost subtracted from every metered window, calibrated at build time. */
  public long meterOverheadNanojoules() {
    return meterOverheadNanojoules;
  }

  public List<Tier<I>> tiers() {
    return tiers;
  }

  /** Forgets gate state (hysteresis) and zeroes the ledger and sampling statistics. */
  public void reset() {
    for (GatePolicy g : gates) {
      g.reset();
    }
    for (StageRun[] tier : stages) {
      for (StageRun sr : tier) {
        sr.resetSampling();
      }
    }
    ledger.reset();
  }

  /** A few lines on tiers, gates, meter and metering, for logs and reports. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < tiers.size(); t++) {
      Tier<I> tier = tiers.get(t);
      sb.append("tier ").append(t).append(" '").append(tier.name()).append("': ")
          .append(tier.segments().stream().map(m -> m.name() + " [" + m.backend() + "/" + m.executionProvider() + "]")
              .collect(Collectors.joining(" -> ")));
      if (tier.isSegmented()) {
        sb.append(", ").append(tier.earlyExit());
      }
      sb.append('\n');
      if (controllers[t] != null) {
        sb.append("  hints: ").append(controllers[t]).append('\n');
      } else if (tierHints[t] != null) {
        sb.append("  hint: ").append(tierHints[t]).append('\n');
      }
      if (t < gates.length) {
        sb.append("  gate: ").append(gates[t]).append('\n');
      }
    }
    sb.append("meter: ").append(meter.name()).append(" (").append(meter.quality()).append(", ")
        .append(meter.description()).append("), metering ").append(metering)
        .append(", read overhead subtracted ").append(meterOverheadNanojoules).append(" nJ/window");
    return sb.toString();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeHints();
      closeOwned();
    }
  }

  /** Opens the hint scope tier {@code t} wants, keeping the open one if it is the same level. */
  private void enterTier(int t) {
    HintLevel want = controllers[t] != null ? controllers[t].level() : tierHints[t];
    if (want == openLevel && openScope != null) {
      result.hint(t, want, openScope, true);
      return;
    }
    closeHints();
    if (want != null) {
      openScope = hints.apply(want);
      openLevel = want;
    }
    result.hint(t, want, openScope, false);
  }

  private void closeHints() {
    HintScope scope = openScope;
    openScope = null;
    openLevel = null;
    if (scope != null) {
      scope.close();   // never throws, by HintScope's contract
    }
  }

  private void closeOwned() {
    for (Tensor tensor : owned) {
      tensor.close();
    }
    owned.clear();
  }

  private StageRun[] buildStages(int t, Tier<I> tier) {
    List<Model> models = tier.segments();
    StageRun[] runs = new StageRun[models.size()];
    for (int s = 0; s < models.size(); s++) {
      Model model = models.get(s);
      Tensor[] inputs;
      if (s == 0) {
        inputs = own(model.newInputs());
      } else {
        inputs = chainedInputs(tier, models.get(s - 1), runs[s - 1].outputs, model);
      }
      Tensor[] outputs = own(model.newOutputs());
      ScoreReader.Bound reader = tier.scores().bind(model);
      runs[s] = new StageRun(model, inputs, outputs, reader);
    }
    return runs;
  }

  private static Tensor[] chainedInputs(Tier<?> tier, Model previous, Tensor[] previousOutputs, Model next) {
    int hidden = previous.signature().outputIndex(tier.hiddenOutput());
    List<TensorSpec> nextInputs = next.signature().inputs();
    TensorSpec produced = previousOutputs[hidden].spec();
    if (nextInputs.size() != 1 || !nextInputs.get(0).accepts(produced)) {
      throw new TensorMismatchException("tier '" + tier.name() + "': segment '" + next.name()
          + "' must take exactly one input accepting " + produced + " from '" + previous.name() + "', but takes "
          + nextInputs);
    }
    return new Tensor[] {previousOutputs[hidden]};
  }

  private Tensor[] own(Tensor[] tensors) {
    owned.addAll(List.of(tensors));
    return tensors;
  }

  private static long calibrateMeterOverhead(EnergyMeter meter) {
    long[] deltas = new long[OVERHEAD_CALIBRATION_READS];
    long range = meter.wrapRangeNanojoules();
    for (int i = 0; i < deltas.length; i++) {
      long a = meter.readNanojoules();
      long b = meter.readNanojoules();
      deltas[i] = EnergyReading.delta(a, b, range);
    }
    Arrays.sort(deltas);
    return deltas[deltas.length / 2];
  }

  /**
   * Runs one model call, charges the ledger (also when the call throws: the energy was spent) and
   * adds the charge to {@link #inferenceNanojoules}; then reads the scores.
   */
  private void runStage(StageRun sr, int t, int s) {
    boolean sample = sr.untilSample == 0;
    long e0 = sample ? meter.readNanojoules() : 0;
    long w0 = ticker.read();
    try {
      sr.model.run(sr.inputs, sr.outputs);
    } finally {
      long w1 = ticker.read();
      long e1 = sample ? meter.readNanojoules() : 0;
      long wall = w1 - w0;
      long nj;
      if (sample) {
        nj = Math.max(0, EnergyReading.delta(e0, e1, meter.wrapRangeNanojoules()) - meterOverheadNanojoules);
        sr.sampledNanojoules += nj;
        sr.sampledWallNanos += wall;
        sr.samples++;
        sr.untilSample = metering.period() - 1;
        sr.lastEstimated = meter.quality() == EnergyQuality.ESTIMATED;
      } else {
        // extrapolate from this stage's sampled runs: same model, same work, so same power
        nj = sr.sampledWallNanos == 0 ? sr.sampledNanojoules / sr.samples
            : Math.round((double) wall * sr.sampledNanojoules / sr.sampledWallNanos);
        sr.untilSample--;
        sr.lastEstimated = true;
      }
      ledger.chargeStage(t, s, nj, wall, sr.lastEstimated ? EnergyQuality.ESTIMATED : EnergyQuality.MEASURED);
      inferenceNanojoules += nj;
      tierWallNanos += wall;
      tierNanojoules += nj;
    }
    sr.reader.read(sr.outputs, sr.prediction.scores());
  }

  /** One model call site: its tensors, score reader, prediction and sampling statistics. */
  private static final class StageRun {
    final Model model;
    final Tensor[] inputs;
    final Tensor[] outputs;
    final ScoreReader.Bound reader;
    final MutablePrediction prediction;
    int untilSample;
    long sampledNanojoules;
    long sampledWallNanos;
    long samples;
    boolean lastEstimated;

    StageRun(Model model, Tensor[] inputs, Tensor[] outputs, ScoreReader.Bound reader) {
      this.model = model;
      this.inputs = inputs;
      this.outputs = outputs;
      this.reader = reader;
      this.prediction = new MutablePrediction(reader.classCount());
    }

    void resetSampling() {
      untilSample = 0;
      sampledNanojoules = 0;
      sampledWallNanos = 0;
      samples = 0;
    }
  }

  /** Builder for {@link TieredInferencePipeline}: tiers in order, a gate between each pair. */
  public static final class Builder<I> {
    private final List<Tier<I>> tiers = new ArrayList<>();
    private final List<GatePolicy> gates = new ArrayList<>();
    private EnergyMeter meter;
    private Metering metering = Metering.everyRun();
    private Ticker ticker = Ticker.system();
    private EnergyBudget budget;
    private boolean subtractMeterOverhead = true;
    private PerformanceHints hints;
    private boolean holdHints = true;
    private ThermalHeadroom thermal;
    private double thermalOnset = ThermalPressure.DEFAULT_ONSET;

    private Builder() {}

    /** Adds the next tier; every tier after the first must follow a {@link #gate}. */
    public Builder<I> tier(Tier<I> tier) {
      Objects.requireNonNull(tier, "tier");
      if (tiers.size() != gates.size()) {
        throw new IllegalStateException("tier '" + tier.name() + "' follows tier '" + tiers.get(tiers.size() - 1).name()
            + "' without a gate between them: call gate(...) first");
      }
      tiers.add(tier);
      return this;
    }

    /** The gate after the tier added last, deciding whether the next tier runs. */
    public Builder<I> gate(GatePolicy gate) {
      Objects.requireNonNull(gate, "gate");
      if (tiers.size() != gates.size() + 1) {
        throw new IllegalStateException(tiers.isEmpty() ? "gate(...) must follow a tier"
            : "two gates in a row after tier '" + tiers.get(tiers.size() - 1).name() + "'");
      }
      gates.add(gate);
      return this;
    }

    /** The meter every model call is charged from; required (use the runtime's detection). */
    public Builder<I> meter(EnergyMeter energyMeter) {
      this.meter = Objects.requireNonNull(energyMeter, "meter");
      return this;
    }

    public Builder<I> metering(Metering mode) {
      this.metering = Objects.requireNonNull(mode, "metering");
      return this;
    }

    /** Time source for latency and sampled metering; tests pass a fake one. */
    public Builder<I> ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    /** Charged with every inference; may refuse escalations it cannot afford. */
    public Builder<I> budget(EnergyBudget energyBudget) {
      this.budget = Objects.requireNonNull(energyBudget, "budget");
      return this;
    }

    /** Whether to subtract the meter's own read cost from each window (default true). */
    public Builder<I> subtractMeterOverhead(boolean subtract) {
      this.subtractMeterOverhead = subtract;
      return this;
    }

    /**
     * Applies the tiers' {@linkplain Tier#hint() hint levels} through {@code performanceHints}, keeping
     * a scope open across runs that want the same level (see the class comment).
     */
    public Builder<I> hints(PerformanceHints performanceHints) {
      return hints(performanceHints, true);
    }

    /**
     * Like {@link #hints(PerformanceHints)}; with {@code holdBetweenInferences} false the scope is
     * closed at the end of every inference, so the calling thread runs un-hinted between inferences
     * (at the price of re-applying the first tier's hint each time).
     */
    public Builder<I> hints(PerformanceHints performanceHints, boolean holdBetweenInferences) {
      this.hints = Objects.requireNonNull(performanceHints, "hints");
      this.holdHints = holdBetweenInferences;
      return this;
    }

    /**
     * Lets low thermal headroom press the policies like a tightening budget: they see
     * {@code max(budget pressure, thermal pressure)}, thermal pressure rising from headroom
     * {@link ThermalPressure#DEFAULT_ONSET} to 1 at throttling.
     */
    public Builder<I> thermal(ThermalHeadroom headroom) {
      return thermal(headroom, ThermalPressure.DEFAULT_ONSET);
    }

    /** Like {@link #thermal(ThermalHeadroom)}, with thermal pressure starting at headroom {@code onset}. */
    public Builder<I> thermal(ThermalHeadroom headroom, double onset) {
      if (!(onset >= 0 && onset < 1)) {
        throw new IllegalArgumentException("thermal onset must be a headroom in [0, 1), was " + onset);
      }
      this.thermal = Objects.requireNonNull(headroom, "thermal");
      this.thermalOnset = onset;
      return this;
    }

    public TieredInferencePipeline<I> build() {
      if (tiers.isEmpty()) {
        throw new IllegalStateException("a pipeline needs at least one tier");
      }
      if (gates.size() == tiers.size()) {
        throw new IllegalStateException("gate after the last tier '" + tiers.get(tiers.size() - 1).name()
            + "' has no tier to escalate to");
      }
      if (meter == null) {
        throw new IllegalStateException("a pipeline needs a meter; EnergyMeters.detect() in edgeenergy-runtime "
            + "picks the best one available");
      }
      if (hints == null) {
        for (Tier<I> tier : tiers) {
          if (tier.hint() != null || tier.targetLatency() != null) {
            throw new IllegalStateException("tier '" + tier.name() + "' asks for performance hints but the pipeline has "
                + "none: call hints(...) (the runtime's hints, or PerformanceHints.none())");
          }
        }
      }
      if (!meter.availability().available()) {
        throw new IllegalStateException("meter '" + meter.name() + "' is unavailable: " + meter.availability().reason());
      }
      return new TieredInferencePipeline<>(this);
    }
  }
}
