package io.edgeenergy.testkit;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Energy;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trace harness: replays a labelled {@link Trace} through a pipeline and reports accuracy,
 * escalation and early-exit rates, stop reasons, joules and latency ({@link ReplayReport}); with
 * {@link #replayWithOracle}, next to the {@link ReplayReport.Oracle} bound for the same models. This is
 * how a policy plugin is judged offline: same models and trace, different gate or exit policy.
 *
 * <pre>{@code
 * ReplayReport r = TraceReplay.replayWithOracle(pipeline, trace);
 * assertThat(r.accuracy()).isGreaterThanOrEqualTo(r.oracle().orElseThrow().accuracy() - 0.01);
 * assertThat(r.escalationRate()).isLessThan(0.2);
 * System.out.println(r);   // a small table
 * }</pre>
 *
 * <p>The replay {@linkplain TieredInferencePipeline#reset() resets} the pipeline first (gate state,
 * ledger, sampling), so afterwards its ledger holds exactly the replay. The oracle runs the same models
 * in a separate probe pipeline (every stage of every tier, no budget, every run metered) on the
 * pipeline's meter and the meter's ticker; it leaves the pipeline's ledger alone. It needs models whose
 * answer depends only on the input: real models or {@link ScriptedModel.Builder#function function}
 * scripted ones, not {@link ScriptedModel.Builder#script script}ed ones, whose answers follow the run order.
 */
public final class TraceReplay {
  private TraceReplay() {}

  /** Replays {@code trace} through {@code pipeline}, from a reset pipeline. */
  public static <I> ReplayReport replay(TieredInferencePipeline<I> pipeline, Trace<I> trace) {
    return replay(pipeline, trace, Optional.empty());
  }

  /** {@link #replay}, then the {@link #oracle} for the same models and trace. */
  public static <I> ReplayReport replayWithOracle(TieredInferencePipeline<I> pipeline, Trace<I> trace) {
    ReplayReport policy = replay(pipeline, trace);
    return new ReplayReport(policy.count(), policy.accuracy(), policy.escalationRate(), policy.earlyExitRate(),
        policy.stopReasons(), policy.total(), policy.quality(), policy.meanLatency(),
        Optional.of(oracle(pipeline, trace)));
  }

  private static <I> ReplayReport replay(TieredInferencePipeline<I> pipeline, Trace<I> trace,
      Optional<ReplayReport.Oracle> oracle) {
    requireInputs(trace);
    pipeline.reset();
    Map<StopReason, Integer> reasons = new EnumMap<>(StopReason.class);
    int correct = 0;
    int escalated = 0;
    int earlyExits = 0;
    long nanojoules = 0;
    long latency = 0;
    EnergyQuality quality = EnergyQuality.MEASURED;
    for (Labelled<I> item : trace) {
      InferenceResult r = pipeline.run(item.input());
      correct += r.top1() == item.label() ? 1 : 0;
      escalated += r.tier() >= 1 ? 1 : 0;
      earlyExits += r.stopReason() == StopReason.EARLY_EXIT ? 1 : 0;
      nanojoules = Math.addExact(nanojoules, r.nanojoules());
      latency += r.latencyNanos();
      quality = quality.combine(r.quality());
      reasons.merge(r.stopReason(), 1, Integer::sum);
    }
    int n = trace.size();
    return new ReplayReport(n, (double) correct / n, (double) escalated / n, (double) earlyExits / n, reasons,
        Energy.ofNanojoules(nanojoules), quality, Duration.ofNanos(latency / n), oracle);
  }

  /**
   * The clairvoyant bound for {@code pipeline}'s models on {@code trace} (see {@link ReplayReport.Oracle}):
   * runs every stage of every tier on every input in a probe pipeline, takes each stage's answer and
   * its cost on that input from the probe's ledger, and stops each input at its cheapest correct stage.
   */
  public static <I> ReplayReport.Oracle oracle(TieredInferencePipeline<I> pipeline, Trace<I> trace) {
    requireInputs(trace);
    List<Tier<I>> tiers = pipeline.tiers();
    int[] stagesPerTier = tiers.stream().mapToInt(t -> t.segments().size()).toArray();
    StageRecorder recorder = new StageRecorder(stagesPerTier);
    TieredInferencePipeline.Builder<I> b = TieredInferencePipeline.<I>builder();
    for (int t = 0; t < tiers.size(); t++) {
      Tier<I> tier = tiers.get(t);
      if (t > 0) {
        b.gate(recorder.gate());
      }
      b.tier(Tier.<I>builder(tier.name()).segments(tier.segments()).input(tier.input()).scores(tier.scores())
          .hiddenOutput(tier.hiddenOutput()).earlyExit(recorder.exit()).build());
    }
    b.meter(pipeline.meter()).ticker(pipeline.meter().ticker()).metering(Metering.everyRun());
    int lastTier = tiers.size() - 1;
    int correct = 0;
    int escalated = 0;
    int earlyExits = 0;
    long nanojoules = 0;
    long wallNanos = 0;
    try (TieredInferencePipeline<I> probe = b.build()) {
      LedgerSnapshot before = probe.ledger().snapshot();
      for (Labelled<I> item : trace) {
        recorder.clear();
        InferenceResult r = probe.run(item.input());
        recorder.record(r.prediction());
        LedgerSnapshot after = probe.ledger().snapshot();
        long cumulativeNj = 0;
        long cumulativeWall = 0;
        long firstNj = -1;
        long firstWall = 0;
        boolean found = false;
        for (int t = 0; t <= lastTier && !found; t++) {
          for (int s = 0; s < stagesPerTier[t] && !found; s++) {
            LedgerSnapshot.StageStats now = after.tiers().get(t).stages().get(s);
            LedgerSnapshot.StageStats was = before.tiers().get(t).stages().get(s);
            cumulativeNj += now.energy().nanojoules() - was.energy().nanojoules();
            cumulativeWall += now.wallNanos() - was.wallNanos();
            if (firstNj < 0) {
              firstNj = cumulativeNj;
              firstWall = cumulativeWall;
            }
            if (recorder.top1(t, s) == item.label()) {
              found = true;
              correct++;
              escalated += t >= 1 ? 1 : 0;
              earlyExits += s < stagesPerTier[t] - 1 ? 1 : 0;
            }
          }
        }
        nanojoules += found ? cumulativeNj : firstNj;
        wallNanos += found ? cumulativeWall : firstWall;
        before = after;
      }
      int n = trace.size();
      return new ReplayReport.Oracle(n, (double) correct / n, (double) escalated / n, (double) earlyExits / n,
          Energy.ofNanojoules(nanojoules), probe.ledger().snapshot().quality(), Duration.ofNanos(wallNanos / n));
    }
  }

  private static void requireInputs(Trace<?> trace) {
    if (trace.size() == 0) {
      throw new IllegalArgumentException("a trace to replay needs at least one input");
    }
  }
}
