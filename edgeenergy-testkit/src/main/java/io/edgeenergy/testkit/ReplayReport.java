package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.pipeline.StopReason;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TraceReplay} measured, and optionally the {@link Oracle} bound next to it.
 *
 * @param count inputs replayed
 * @param accuracy fraction whose final top-1 equals the label
 * @param escalationRate fraction that reached tier 1 or later (ran more than the always-on tier)
 * @param earlyExitRate fraction that stopped at an intermediate exit ({@link StopReason#EARLY_EXIT})
 * @param stopReasons how many inputs stopped for each reason (every reason present, 0 if none)
 * @param total energy of all inferences, as the pipeline charged it
 * @param quality MEASURED only if every inference's figure was
 * @param meanLatency mean latency per inference, on the pipeline's ticker
 * @param oracle the clairvoyant bound, if it was computed
 */
public record ReplayReport(int count, double accuracy, double escalationRate, double earlyExitRate,
    Map<StopReason, Integer> stopReasons, Energy total, EnergyQuality quality, Duration meanLatency,
    Optional<Oracle> oracle) {

  public ReplayReport {
    EnumMap<StopReason, Integer> all = new EnumMap<>(StopReason.class);
    for (StopReason r : StopReason.values()) {
      all.put(r, stopReasons.getOrDefault(r, 0));
    }
    stopReasons = Collections.unmodifiableMap(all);
  }

  /** Mean energy per inference (rounded down to the nanojoule). */
  public Energy meanEnergy() {
    return count == 0 ? Energy.ZERO : total.dividedBy(count);
  }

  /** Fraction of inputs that stopped for {@code reason}. */
  public double stopRate(StopReason reason) {
    return count == 0 ? 0 : (double) stopReasons.get(reason) / count;
  }

  /**
   * The clairvoyant upper bound (cf. Belady's OPT): every input stops at the <em>cheapest</em> stage
   * (tier, exit) whose answer is right, paying what the stages up to it cost on that input. An input
   * no stage gets right stops at the first stage, since running more would only waste energy. Found by
   * running every stage of every tier on every input (see {@link TraceReplay#oracle}).
   *
   * @param accuracy fraction some stage gets right: no gate or exit policy over these models can beat it
   * @param escalationRate fraction whose cheapest correct stage is in tier 1 or later
   * @param earlyExitRate fraction whose cheapest correct stage is an intermediate exit
   * @param total energy of the chosen stages (and those before them) over all inputs
   * @param meanLatency mean model time up to the chosen stage
   */
  public record Oracle(int count, double accuracy, double escalationRate, double earlyExitRate, Energy total,
      EnergyQuality quality, Duration meanLatency) {
    public Energy meanEnergy() {
      return count == 0 ? Energy.ZERO : total.dividedBy(count);
    }
  }

  /** A small table: the policy's row, the oracle's row, the stop reasons and the energy ratio. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-7s %7s %9s %10s %11s %13s %12s %13s  %s%n", "", "inputs", "accuracy",
        "escalated", "early exit", "energy/input", "total", "latency/input", "quality"));
    sb.append(row("policy", count, accuracy, escalationRate, earlyExitRate, meanEnergy(), total, meanLatency, quality));
    oracle.ifPresent(o -> sb.append(row("oracle", o.count(), o.accuracy(), o.escalationRate(), o.earlyExitRate(),
        o.meanEnergy(), o.total(), o.meanLatency(), o.quality())));
    sb.append("stop reasons:");
    stopReasons.forEach((r, n) -> sb.append(' ').append(r).append('=').append(n));
    oracle.filter(o -> !o.total().isZero()).ifPresent(o -> sb.append(String.format(Locale.ROOT,
        "%npolicy energy = %.2f x oracle, accuracy %+.2f points", total.ratioTo(o.total()),
        100 * (accuracy - o.accuracy()))));
    return sb.toString();
  }

  private static String row(String who, int n, double acc, double esc, double exit, Energy mean, Energy total,
      Duration latency, EnergyQuality q) {
    return String.format(Locale.ROOT, "%-7s %7d %8.2f%% %9.1f%% %10.1f%% %13s %12s %10.3f ms  %s%n", who, n,
        100 * acc, 100 * esc, 100 * exit, mean, total, latency.toNanos() / 1e6, q);
  }
}
