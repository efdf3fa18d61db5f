package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.ReplayReport;
import io.edgeenergy.testkit.ScriptedModel;
import io.edgeenergy.testkit.SimulatedMeter;
import io.edgeenergy.testkit.Trace;
import io.edgeenergy.testkit.TraceReplay;
import io.edgeenergy.trace.TraceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link TraceFile} through gate policies without running a model: each stage becomes a
 * testkit {@link ScriptedModel} that answers input {@code i} with the recorded probabilities and charges
 * the recorded joules and wall time to a {@link SimulatedMeter} and {@link FakeTicker}; the real
 * {@link TieredInferencePipeline} and the real {@link GatePolicy} then decide, and {@link TraceReplay}
 * counts (and finds the oracle). So a policy replays exactly as it would run, budget checks included.
 */
final class TraceSimulation {
  private final TraceFile trace;
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter;
  private final Trace<float[]> inputs;

  TraceSimulation(TraceFile trace) {
    this.trace = trace;
    if (trace.stages() != trace.tierNames().size()) {
      throw new TraceException("trace " + trace.path() + " has a segmented (multi-exit) tier: simulate replays "
          + "cascades of one model per tier; replay early-exit models with the testkit's TraceReplay");
    }
    if (trace.inputs() > (1 << 24)) {
      throw new TraceException("trace " + trace.path() + " holds " + trace.inputs() + " inputs; simulate takes at "
          + "most 16,777,216: split it");
    }
    this.meter = SimulatedMeter.builder(ticker).name(trace.meter() == null ? "trace" : trace.meter())
        .quality("MEASURED".equals(trace.quality()) ? EnergyQuality.MEASURED : EnergyQuality.ESTIMATED).build();
    List<float[]> xs = new ArrayList<>(trace.inputs());
    for (int i = 0; i < trace.inputs(); i++) {
      xs.add(new float[] {i});   // the input is its index: exact in a float up to 2^24
    }
    this.inputs = Trace.of(xs, trace.labels());
  }

  /** One policy at one threshold, and what it gave on the trace. */
  record Row(String policy, double threshold, double accuracy, double escalation, double microjoules,
      String quality, double latencyMicros) {}

  /** The gate policies simulate knows by name. */
  enum Policy {
    MAX_PROBABILITY(Confidence.MAX_PROBABILITY), MARGIN(Confidence.MARGIN), ENTROPY(Confidence.INVERSE_ENTROPY);

    final Confidence measure;

    Policy(Confidence measure) {
      this.measure = measure;
    }

    GatePolicy gate(double threshold) {
      return GatePolicy.confident(measure, threshold, threshold);
    }
  }

  Row run(Policy policy, double threshold) {
    try (TieredInferencePipeline<float[]> p = pipeline(policy.gate(threshold), null)) {
      ReplayReport r = TraceReplay.replay(p, inputs);
      return new Row(policy.name(), threshold, r.accuracy(), r.escalationRate(), r.meanEnergy().nanojoules() / 1e3,
          r.quality().name(), r.meanLatency().toNanos() / 1e3);
    }
  }

  /** The clairvoyant bound: every input stops at its cheapest correct tier. */
  Row oracle() {
    try (TieredInferencePipeline<float[]> p = pipeline(GatePolicy.alwaysEscalate(), null)) {
      ReplayReport.Oracle o = TraceReplay.oracle(p, inputs);
      return new Row("ORACLE", Double.NaN, o.accuracy(), o.escalationRate(), o.meanEnergy().nanojoules() / 1e3,
          o.quality().name(), o.meanLatency().toNanos() / 1e3);
    }
  }

  /** Per input: latency (µs) of the stages {@code gate} runs, and the budget's pressure after it. */
  record Stream(double[] latencyMicros, double[] pressure, String budget) {}

  /**
   * Replays the trace as a stream of one input every {@code period} against a battery holding half of
   * what running every tier on every input would cost, with the stream's length as target lifetime:
   * the pressure a policy would put on such a budget.
   */
  Stream stream(GatePolicy gate, Duration period) {
    long allTiers = 0;
    for (long[] stages : trace.nanojoules()) {
      for (long nj : stages) {
        allTiers += nj;
      }
    }
    Duration length = period.multipliedBy(trace.inputs());
    Energy battery = Energy.ofNanojoules(Math.max(1, allTiers / 2));
    EnergyBudget budget = EnergyBudget.builder().name("half of every-tier cost").ticker(ticker)
        .battery(battery, length).build();
    double[] latency = new double[trace.inputs()];
    double[] pressure = new double[trace.inputs()];
    try (TieredInferencePipeline<float[]> p = pipeline(gate, budget)) {
      for (int i = 0; i < trace.inputs(); i++) {
        InferenceResult r = p.run(inputs.get(i).input());
        latency[i] = r.latencyNanos() / 1e3;
        ticker.advance(period.minusNanos(Math.min(r.latencyNanos(), period.toNanos())));
        pressure[i] = budget.pressure();
      }
    }
    return new Stream(latency, pressure, "battery " + battery + " (half of running every tier on all "
        + trace.inputs() + " inputs), target lifetime " + length + ", one input every " + period);
  }

  private TieredInferencePipeline<float[]> pipeline(GatePolicy gate, EnergyBudget budget) {
    var b = TieredInferencePipeline.<float[]>builder();
    for (int s = 0; s < trace.stages(); s++) {
      if (s > 0) {
        b.gate(gate);
      }
      b.tier(stage(s));
    }
    b.meter(meter).ticker(ticker).metering(Metering.everyRun()).subtractMeterOverhead(false);
    return budget == null ? b.build() : b.budget(budget).build();
  }

  private io.edgeenergy.pipeline.Tier<float[]> stage(int s) {
    int classes = trace.probs()[0][s].length;
    ScriptedModel model = ScriptedModel.builder(trace.tierNames().get(s)).inputSize(1).classes(classes)
        .respond((Tensor[] in, Tensor[] out) -> {
          int i = (int) in[0].floats().get(0);
          out[0].floats().put(0, trace.probs()[i][s]);
          ticker.advance(Duration.ofNanos(trace.wallNanos()[i][s]));
          meter.addWork(Energy.ofNanojoules(trace.nanojoules()[i][s]));
        }).build();
    return model.tier();
  }
}
