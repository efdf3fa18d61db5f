package io.edgeenergy.cli;

import java.util.ArrayList;
import java.util.List;

/** What {@code simulate --json} writes and {@code report} reads. */
record SimulateReport(String trace, String meter, String quality, int inputs, List<String> tiers, String chosenPolicy,
    double chosenThreshold, List<TraceSimulation.Row> rows, TraceSimulation.Row oracle, double[] streamLatencyMicros,
    double[] streamPressure, String streamBudget, List<StageMean> stageMeans) {

  /** One tier's model: mean joules and wall time per run over the trace. */
  record StageMean(String tier, double microjoules, double micros) {}

  static List<StageMean> stageMeans(TraceFile trace) {
    List<StageMean> means = new ArrayList<>();
    for (int s = 0; s < trace.stages(); s++) {
      double nj = 0;
      double ns = 0;
      for (int i = 0; i < trace.inputs(); i++) {
        nj += trace.nanojoules()[i][s];
        ns += trace.wallNanos()[i][s];
      }
      means.add(new StageMean(trace.tierNames().get(trace.models().get(s).tier()), nj / trace.inputs() / 1e3,
          ns / trace.inputs() / 1e3));
    }
    return means;
  }

  /** The chosen policy's row at the chosen threshold. */
  TraceSimulation.Row chosen() {
    return rows.stream().filter(r -> r.policy().equals(chosenPolicy) && r.threshold() == chosenThreshold).findFirst()
        .orElseThrow(() -> new IllegalStateException("no row for " + chosenPolicy + " at " + chosenThreshold));
  }
}
