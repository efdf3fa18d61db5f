package io.edgeenergy.pipeline;

import io.edgeenergy.ConcurrentUseException;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyLedger;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.hints.TargetLatencyController;
import io.edgeenergy.internal.MutableLedger;
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
 * <p><b>Thread model:</b> a pipeline is confined to one thread at a time (it reuses its tensors and
 * result and takes no locks); build one per thread. A second thread calling {@link #run} while a run
 * is in progress gets a {@link ConcurrentUseException} (one compare-and-set per inference); a pipeline
 * may be handed between threads between runs. The budget may be shared between pipelines.
 *
 * <p><b>Honest figures:</b> a figure is MEASURED only if every window of it was read from a measuring
 * meter; otherwise it is ESTIMATED and {@link InferenceResult#qualityReason()} says why (sampled
 * metering, an impossible meter reading, a meter that stopped counting). Non-finite scores stop the
 * inference with {@link StopReason#NON_FINITE_SCORES}, never an answer.
 *
 * <p><b>Hot path:</b> once built, {@link #run} allocates nothing in this class: tensors, predictions
 * and the result are reused. It reads the ticker and the meter per {@link Metering}: by default with a
 * CPU-time estimator, the ticker once per model call plus once per inference and the meter around a
 * sample of runs; with a measuring meter, the meter and the ticker around every call. From a measured
 * meter delta it subtracts the meter's own read cost, calibrated at build time with back-to-back reads
 * (for a sampled window, measured in place).
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
  private final List<Tier<I>> tiers;
  private final GatePolicy[] gates;
  private final StageRun[][] stages;
  private final EnergyMeter meter;
  private final MeterPath meterPath;
  private final EnergyBudget budget;
  private final BudgetView budgetView;
  private final MutableLedger ledger;
  /** The stateful stages and their tiers, for skip bookkeeping after each inference. */
  private final StageRun[] stateful;
  private final int[] statefulTier;
  private final List<String> tierNames;
  private final InferenceResult result = new InferenceResult();
  private final List<Tensor> owned = new ArrayList<>();
  private final TierHints hints;
  /** Wall time and energy of the tier in progress, for its latency controller. */
  private long tierWallNanos;
  private long tierNanojoules;
  /** The inference in progress: energy charged, model calls, the stage that ran last, worst quality. */
  private long inferenceNanojoules;
  private int calls;
  private int ranTier;
  private int ranStage;
  private StageRun last;
  private int why;
  private boolean closed;

  private TieredInferencePipeline(Builder<I> b) {
    this.tiers = List.copyOf(b.tiers);
    this.gates = b.gates.toArray(new GatePolicy[0]);
    this.meter = b.meter;
    this.budget = b.budget;
    BudgetView view = b.budget == null ? BudgetView.UNLIMITED : b.budget;
    this.budgetView = b.thermal == null ? view : ThermalPressure.combine(view, b.thermal, b.thermalOnset);
    this.hints = new TierHints(b.tiers, b.hints, b.holdHints, b.ticker);
    result.tiers(b.tiers.size());
    MutableLedger.Builder lb = MutableLedger.builder();
    this.stages = new StageRun[tiers.size()][];
    try {
      for (int t = 0; t < tiers.size(); t++) {
        Tier<I> tier = tiers.get(t);
        lb.tier(tier.name(), tier.segments().stream().map(Model::name).collect(Collectors.toList()));
        stages[t] = buildStages(tier);
      }
    } catch (RuntimeException e) {
      closeOwned();
      throw e;
    }
    this.ledger = lb.build();
    List<StageRun> withState = new ArrayList<>();
    List<Integer> withStateTier = new ArrayList<>();
    for (int t = 0; t < stages.length; t++) {
      for (StageRun sr : stages[t]) {
        if (sr.isStateful()) {
          withState.add(sr);
          withStateTier.add(t);
        }
      }
    }
    this.stateful = withState.toArray(new StageRun[0]);
    this.statefulTier = withStateTier.stream().mapToInt(Integer::intValue).toArray();
    this.meterPath = new MeterPath(meter, b.metering.resolve(meter), b.ticker, b.subtractMeterOverhead);
    this.tierNames = tiers.stream().map(Tier::name).collect(Collectors.toList());
  }

  /** A builder; add tiers, the gates between them, and a meter. */
  public static <I> Builder<I> builder() {
    return new Builder<>();
  }

  /**
   * Runs one input and returns the pipeline's reused result (see {@link InferenceResult}).
   *
   * <p>If a model call throws, the energy spent so far is still charged to the ledger and budget
   * before the model's exception propagates (a metering failure never replaces it). A meter that
   * misbehaves never fails an inference: see {@link #meterAnomalies()}.
   *
   * @throws ConcurrentUseException another thread is running this pipeline right now
   */
  public InferenceResult run(I input) {
    if (closed) {
      throw new IllegalStateException("pipeline was closed");
    }
    claim();
    long start = meterPath.start();
    inferenceNanojoules = 0;
    calls = 0;
    why = MeterWindows.MEASURED;
    last = null;
    StopReason reason = null;
    if (hints.active()) {
      result.clearHints();
    }
    try {
      reason = cascade(input);
    } finally {
      finish(reason, start, input);
    }
    return result;
  }

  /** Claims the pipeline (and its ledger) for this inference, or refuses a second thread. */
  private void claim() {
    try {
      ledger.beginInference();
    } catch (ConcurrentUseException e) {
      throw new ConcurrentUseException("pipeline " + tierNames + " is running on another thread while thread '"
          + Thread.currentThread().getName() + "' calls run: a pipeline is single-threaded (it reuses its tensors and"
          + " result); build one per thread (they may share an EnergyBudget)", e);
    }
  }

  /** Runs tiers until one stops the inference; returns why. */
  private StopReason cascade(I input) {
    for (int t = 0; ; t++) {
      StopReason reason = runTier(t, input);
      if (reason == null) {
        reason = afterTier(t);
      }
      if (reason != null) {
        return reason;
      }
    }
  }

  /** Binds the input and runs tier {@code t}'s stages; EARLY_EXIT, NON_FINITE_SCORES or null. */
  private StopReason runTier(int t, I input) {
    if (hints.active()) {
      hints.enter(t, result);
    }
    StageRun[] runs = stages[t];
    tierWallNanos = 0;
    tierNanojoules = 0;
    if (runs[0].missed) {
      wake(runs[0], t, 0);   // before binding: repriming replays missed frames through the same inputs
    }
    tiers.get(t).input().bind(input, runs[0].inputs);
    StopReason reason = runStages(t, runs);
    if (hints.active()) {
      hints.record(t, tierWallNanos, tierNanojoules);
    }
    return reason;
  }

  private StopReason runStages(int t, StageRun[] runs) {
    EarlyExitPolicy earlyExit = tiers.get(t).earlyExit();
    int agreeing = 0;
    int previousTop1 = -1;
    for (int s = 0; s < runs.length; s++) {
      StageRun sr = runs[s];
      if (s > 0 && sr.missed) {
        wake(sr, t, s);
      }
      runStage(sr, t, s);
      MutablePrediction p = sr.prediction;
      p.update(t, s, runs.length, 1);   // top-1 of this run, not the previous one
      if (!p.isFinite()) {
        return StopReason.NON_FINITE_SCORES;
      }
      agreeing = p.top1() == previousTop1 ? agreeing + 1 : 1;
      p.setAgreeingStages(agreeing);
      previousTop1 = p.top1();
      if (s < runs.length - 1 && earlyExit.decide(p.view(), budgetView) == EarlyExitPolicy.Decision.EXIT) {
        return StopReason.EARLY_EXIT;
      }
    }
    return null;
  }

  /** After tier {@code t} answered: FINAL_TIER, ACCEPTED, BUDGET_DENIED, or null to escalate. */
  private StopReason afterTier(int t) {
    if (t == stages.length - 1) {
      return StopReason.FINAL_TIER;
    }
    if (gates[t].decide(last.prediction.view(), budgetView) != GatePolicy.Decision.ESCALATE) {
      return StopReason.ACCEPTED;
    }
    // the whole inference must fit (nothing of it is charged yet): spent so far + the next tier's
    // mean; at least 1 nJ, so a tier that never ran is still refused by an empty budget
    long next = Math.max(1, ledger.meanTierNanojoules(t + 1));
    return budgetView.canAfford(Math.addExact(inferenceNanojoules, next)) ? null : StopReason.BUDGET_DENIED;
  }

  /** Hints, ledger, budget, stage state and result, whether the inference finished or threw. */
  private void finish(StopReason reason, long start, I input) {
    if (stateful.length > 0) {
      markMissed(input, reason != null);
    }
    if (reason == null || !hints.holdBetweenInferences()) {
      hints.close();   // a call threw (restore the platform's state), or scopes end with each inference
    }
    if (calls > 0) {   // charged to the stage that ran last, even if a later tier's input failed to bind
      ledger.recordInference(ranTier, ranStage, inferenceNanojoules, reason == StopReason.BUDGET_DENIED);
    } else {
      ledger.abandonInference();   // an input that failed to bind ran nothing and is no inference
    }
    if (budget != null) {
      budget.charge(inferenceNanojoules);
    }
    if (reason != null) {
      result.set(ranTier, tiers.get(ranTier).name(), ranStage, calls, reason, inferenceNanojoules,
          MeterWindows.quality(why), meterPath.windows().reason(why), meterPath.end() - start, last.prediction.view(),
          last.view);
    }
  }

  /**
   * The target-latency controller of tier {@code tierIndex} (its per-level runs, latency and joules
   * per run), or {@code null} if that tier declared no {@linkplain Tier#targetLatency() target}.
   */
  public TargetLatencyController latencyController(int tierIndex) {
    return hints.controller(tierIndex);
  }

  /** Where the joules went so far: a live, read-only view ({@link #reset()} zeroes it). */
  public EnergyLedger ledger() {
    return ledger.readOnly();
  }

  /** The meter whose readings the ledger is charged from. */
  public EnergyMeter meter() {
    return meter;
  }

  /**
   * When and how runs are metered: what {@link Metering#defaults()} (or the mode given) resolved to
   * with this pipeline's meter.
   */
  public Metering metering() {
    return meterPath.metering();
  }

  /**
   * Metered windows this pipeline could not trust (the counter went backwards, a read threw): each
   * was charged its stage's mean energy per measured run so far and labelled ESTIMATED; the first was logged.
   */
  public long meterAnomalies() {
    return meterPath.windows().anomalies();
  }

  /** The meter's own read cost subtracted from every metered window, calibrated at build time. */
  public long meterOverheadNanojoules() {
    return meterPath.overheadNanojoules();
  }

  /** The tiers, cheapest first. */
  public List<Tier<I>> tiers() {
    return tiers;
  }

  /**
   * Starts a new stream: forgets gate state (hysteresis), zeroes every stateful stage's state and
   * missed frames, the ledger and sampling statistics.
   */
  public void reset() {
    for (GatePolicy g : gates) {
      g.reset();
    }
    for (StageRun[] tier : stages) {
      for (StageRun sr : tier) {
        sr.energy.reset();
        sr.resetState();
        sr.forgetMissedFrames();
        sr.missed = false;
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
      hints.describe(t, sb);
      if (t < gates.length) {
        sb.append("  gate: ").append(gates[t]).append('\n');
      }
    }
    sb.append("meter: ").append(meter.name()).append(" (").append(meter.quality()).append(", ")
        .append(meter.description()).append("), metering ").append(meterPath.metering())
        .append(", read overhead subtracted ").append(meterPath.overheadNanojoules()).append(" nJ/window");
    return sb.toString();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      hints.close();
      closeOwned();
    }
  }

  private void closeOwned() {
    for (Tensor tensor : owned) {
      tensor.close();
    }
    owned.clear();
  }

  private StageRun[] buildStages(Tier<I> tier) {
    List<Stage> list = tier.stages();
    StageRun[] runs = new StageRun[list.size()];
    for (int s = 0; s < runs.length; s++) {
      Tensor chained = s == 0 ? null
          : runs[s - 1].outputs[list.get(s - 1).model().signature().outputIndex(tier.hiddenOutput())];
      runs[s] = StageBinding.bind(tier, list.get(s), s == 0, chained, owned::add);
    }
    return runs;
  }

  /**
   * Runs one model call, charges it (also when the call throws: the energy was spent, and the model's
   * exception is the one that propagates), then reads the scores.
   */
  private void runStage(StageRun sr, int t, int s) {
    meterPath.open(sr);
    calls++;
    ranTier = t;
    ranStage = s;
    last = sr;
    try {
      sr.model.run(sr.inputs, sr.outputs);
    } catch (RuntimeException | Error e) {
      try {
        charge(sr, t, s);
      } catch (RuntimeException | Error metering) {
        e.addSuppressed(metering);
      }
      throw e;
    }
    charge(sr, t, s);
    sr.reader.read(sr.outputs, sr.prediction.scores());
    sr.ran = true;
    if (sr.isStateful()) {
      sr.carryState();
    }
  }

  /** A stateful stage runs again after missing inputs: apply its {@link SkipPolicy}. */
  private void wake(StageRun sr, int t, int s) {
    sr.missed = false;
    switch (sr.onSkip()) {
      case KEEP -> { }
      case RESET -> sr.resetState();
      case REPRIME -> {
        int frames = sr.missedFrames();
        sr.resetState();   // zeroes the state; the kept frames stay in the ring until replayed
        for (int k = 0; k < frames; k++) {
          sr.loadMissedFrame(k);
          runStage(sr, t, s);
        }
        sr.forgetMissedFrames();
      }
    }
  }

  /** After an inference: stateful stages that did not run missed this input (kept for repriming). */
  private void markMissed(I input, boolean completed) {
    for (int i = 0; i < stateful.length; i++) {
      StageRun sr = stateful[i];
      if (completed && !sr.ran) {
        sr.missed = true;
        if (sr.onSkip() == SkipPolicy.Kind.REPRIME) {
          captureMissed(sr, statefulTier[i], input);
        }
      }
      sr.ran = false;
    }
  }

  private void captureMissed(StageRun sr, int t, I input) {
    try {
      tiers.get(t).input().bind(input, sr.inputs);
      sr.captureMissedFrame();
    } catch (RuntimeException e) {
      // this tier's pre-processing rejects the input: nothing to replay for it (it would fail when run)
    }
  }

  /** Charges one stage run to the ledger and the inference: measured if it can be, else extrapolated. */
  private void charge(StageRun sr, int t, int s) {
    long nj = meterPath.close(sr);
    long wall = meterPath.wall();
    int stageWhy = meterPath.why();
    why = Math.max(why, stageWhy);
    ledger.chargeStage(t, s, nj, wall, MeterWindows.quality(stageWhy));
    inferenceNanojoules += nj;
    tierWallNanos += wall;
    tierNanojoules += nj;
  }

  /** Builder for {@link TieredInferencePipeline}: tiers in order, a gate between each pair. */
  public static final class Builder<I> {
    private final List<Tier<I>> tiers = new ArrayList<>();
    private final List<GatePolicy> gates = new ArrayList<>();
    private EnergyMeter meter;
    private Metering metering = Metering.defaults();
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

    /**
     * Sets when and how runs are metered (default {@link Metering#defaults()}: wall-clock windows with a
     * CPU-time estimator, every run with a measuring meter).
     */
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

    /** The pipeline; checks every stage's tensors fit together. */
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
