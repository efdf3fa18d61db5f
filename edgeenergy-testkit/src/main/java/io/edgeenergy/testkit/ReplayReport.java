package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.pipeline.StopReason;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a trace replay measured: accuracy, how often the pipeline escalated or exited early, why it
 * stopped, and what it cost; with an oracle, the same for the cheapest correct stage per input.
 */
public record ReplayReport(int count, double accuracy, double escalationRate, double earlyExitRate,
    Map<StopReason, Integer> stopReasons, Energy total, EnergyQuality quality, Duration meanLatency,
    Optional<Oracle> oracle) {

  public ReplayReport {
    stopReasons = Map.copyOf(stopReasons);
  }

  public Energy meanEnergy() {
    return count == 0 ? Energy.ZERO : total.dividedBy(count);
  }

  /**
   * The upper bound: every input answered by the cheapest stage that gets it right (or by the
   * full pipeline when none does), costs from a probe run's per-stage means.
   */
  public record Oracle(double accuracy, Energy meanEnergy) {}

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT, "%-8s %9s %10s %10s %14s %12s%n", "", "accuracy", "escalated",
        "early exit", "energy/input", "latency"));
    sb.append(String.format(java.util.Locale.ROOT, "%-8s %8.2f%% %9.1f%% %9.1f%% %14s %12s  (%d inputs, %s)%n",
        "policy", 100 * accuracy, 100 * escalationRate, 100 * earlyExitRate, meanEnergy(), meanLatency, count,
        quality));
    oracle.ifPresent(o -> sb.append(String.format(java.util.Locale.ROOT, "%-8s %8.2f%% %10s %10s %14s%n",
        "oracle", 100 * o.accuracy(), "", "", o.meanEnergy())));
    sb.append("stop reasons: ").append(stopReasons);
    return sb.toString();
  }
}
