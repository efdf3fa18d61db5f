package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a labelled trace through a pipeline and reports accuracy, escalation and early-exit rates,
 * stop reasons, joules and latency: how a policy plugin is judged offline.
 *
 * <pre>{@code
 * ReplayReport r = TraceReplay.replay(pipeline, trace);
 * assertThat(r.accuracy()).isGreaterThan(0.95);
 * assertThat(r.escalationRate()).isLessThan(0.2);
 * }</pre>
 */
public final class TraceReplay {
  private TraceReplay() {}

  /** Replays {@code trace} through {@code pipeline}, starting from a reset pipeline. */
  public static <I> ReplayReport replay(TieredInferencePipeline<I> pipeline, List<Labelled<I>> trace) {
    return replay(pipeline, trace, Optional.empty());
  }

  /**
   * Like {@link #replay(TieredInferencePipeline, List)}, plus the oracle bound computed with a probe
   * pipeline: the same tiers and models, with {@code recorder}'s policies so every stage runs.
   */
  public static <I> ReplayReport replay(TieredInferencePipeline<I> pipeline, List<Labelled<I>> trace,
      TieredInferencePipeline<I> probe, StageRecorder recorder) {
    return replay(pipeline, trace, Optional.of(oracle(probe, recorder, trace)));
  }

  private static <I> ReplayReport replay(TieredInferencePipeline<I> pipeline, List<Labelled<I>> trace,
      Optional<ReplayReport.Oracle> oracle) {
    pipeline.reset();
    Map<StopReason, Integer> reasons = new EnumMap<>(StopReason.class);
    int correct = 0;
    int earlyExits = 0;
    long latency = 0;
    for (Labelled<I> item : trace) {
      InferenceResult r = pipeline.run(item.input());
      correct += r.top1() == item.label() ? 1 : 0;
      earlyExits += r.stopReason() == StopReason.EARLY_EXIT ? 1 : 0;
      latency += r.latencyNanos();
      reasons.merge(r.stopReason(), 1, Integer::sum);
    }
    LedgerSnapshot s = pipeline.ledger().snapshot();
    int n = trace.size();
    double escalated = s.tiers().size() > 1 ? s.reachedRate(1) : 0;
    return new ReplayReport(n, n == 0 ? 0 : (double) correct / n, escalated, n == 0 ? 0 : (double) earlyExits / n,
        reasons, s.total(), s.quality(), java.time.Duration.ofNanos(n == 0 ? 0 : latency / n), oracle);
  }

  /** Runs every stage on every input and prices the cheapest correct stage per input. */
  public static <I> ReplayReport.Oracle oracle(TieredInferencePipeline<I> probe, StageRecorder recorder,
      List<Labelled<I>> trace) {
    probe.reset();
    int[][] answers = new int[trace.size()][];
    for (int i = 0; i < trace.size(); i++) {
      recorder.clear();
      InferenceResult r = probe.run(trace.get(i).input());
      LedgerSnapshot shape = probe.ledger().snapshot();
      int stages = shape.tiers().stream().mapToInt(t -> t.stages().size()).sum();
      answers[i] = new int[stages];
      int k = 0;
      for (int t = 0; t < shape.tiers().size(); t++) {
        for (int s = 0; s < shape.tiers().get(t).stages().size(); s++) {
          boolean last = t == r.tier() && s == r.stage();
          answers[i][k++] = last ? r.top1() : recorder.top1(t, s);
        }
      }
    }
    LedgerSnapshot costs = probe.ledger().snapshot();
    long[] cumulative = costs.tiers().stream().flatMap(t -> t.stages().stream())
        .mapToLong(st -> st.meanPerRun().nanojoules()).toArray();
    for (int k = 1; k < cumulative.length; k++) {
      cumulative[k] += cumulative[k - 1];
    }
    int correct = 0;
    long energy = 0;
    for (int i = 0; i < trace.size(); i++) {
      int stop = cumulative.length - 1;
      for (int k = 0; k < answers[i].length; k++) {
        if (answers[i][k] == trace.get(i).label()) {
          stop = k;
          correct++;
          break;
        }
      }
      energy += cumulative[stop];
    }
    int n = trace.size();
    return new ReplayReport.Oracle(n == 0 ? 0 : (double) correct / n,
        n == 0 ? Energy.ZERO : Energy.ofNanojoules(energy / n));
  }
}
