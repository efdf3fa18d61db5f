package io.edgeenergy.cli;

import io.edgeenergy.model.Quantization;
import io.edgeenergy.model.TensorSpec;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What {@code profile} measured for one model, printable as text and serializable as JSON. */
record ProfileReport(String model, String file, String backend, String executionProvider, List<TensorInfo> inputs,
    List<TensorInfo> outputs, String inputValues, int intraOpThreads, int warmupRuns, int timedRuns,
    Latency latencyMicros, double microjoulesPerInference, String quality, String meter, String meterDescription,
    String metering, long meterOverheadNanojoules, double batteryWattHours, long inferencesPerBattery,
    double hoursAtOnePerSecond, double hoursBackToBack, double basePowerWatts) {

  /**
   * One input or output: as the model declares it (with its quantization, {@code null} for none),
   * and the concrete shape the profile ran.
   */
  record TensorInfo(String name, String dtype, long[] shape, long[] ranShape, Quantization quantization,
      String spec) {
    static TensorInfo of(TensorSpec declared) {
      return of(declared, declared.concrete().shape());
    }

    /** {@code declared}, run at {@code ranShape} (its dynamic dimensions as the profile declared them). */
    static TensorInfo of(TensorSpec declared, long[] ranShape) {
      return new TensorInfo(declared.name(), declared.dtype().name(), declared.shape(), ranShape,
          declared.quantization().orElse(null), declared.toString());
    }
  }

  /** Latency distribution of the timed runs, in microseconds (nearest-rank percentiles). */
  record Latency(double p50, double p90, double p99, double mean, double min, double max) {
    static Latency of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      double sum = 0;
      for (long n : sorted) {
        sum += n;
      }
      return new Latency(percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
          sum / sorted.length / 1e3, sorted[0] / 1e3, sorted[sorted.length - 1] / 1e3);
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    static double percentile(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e3;
    }
  }

  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "Model: %s (%s), backend %s, execution provider %s%n", model, file, backend,
        executionProvider);
    printTensors(out, "Inputs", inputs);
    printTensors(out, "Outputs", outputs);
    out.printf(Locale.ROOT, "Ran %d warm-up + %d timed runs, inputs %s, %d intra-op thread(s)%n", warmupRuns,
        timedRuns, inputValues, intraOpThreads);
    out.printf(Locale.ROOT, "Latency per inference: p50 %.1f µs, p90 %.1f µs, p99 %.1f µs (mean %.1f, min %.1f, max %.1f)%n",
        latencyMicros.p50(), latencyMicros.p90(), latencyMicros.p99(), latencyMicros.mean(), latencyMicros.min(),
        latencyMicros.max());
    out.printf(Locale.ROOT, "Energy per inference: %.3f µJ %s (meter %s, metering %s, read overhead %d nJ subtracted)%n",
        microjoulesPerInference, quality, meter, metering, meterOverheadNanojoules);
    out.printf(Locale.ROOT, "Battery projection: a %.1f Wh (%.0f J) battery, inference energy only (%s):%n",
        batteryWattHours, batteryWattHours * 3600, quality);
    out.printf(Locale.ROOT, "  %,d inferences = %,.1f hours at 1 inference/s, or %,.1f hours back to back%n",
        inferencesPerBattery, hoursAtOnePerSecond, hoursBackToBack);
    if (basePowerWatts > 0) {
      out.printf(Locale.ROOT, "  With the profile's base power (%.3f W) the same battery lasts at most %.2f hours whatever"
          + " the model: idle draw is not included above.%n", basePowerWatts, batteryWattHours / basePowerWatts);
    }
    if (quality.equals("ESTIMATED")) {
      out.println("No figure here is a measurement: " + meterDescription);
    }
  }

  private static void printTensors(PrintWriter out, String title, List<TensorInfo> tensors) {
    out.println(title + ":");
    for (TensorInfo t : tensors) {
      boolean dynamic = !Arrays.equals(t.shape(), t.ranShape());
      Quantization q = t.quantization();
      out.printf(Locale.ROOT, "  %-20s %-8s %s%s%s%n", t.name(), t.dtype(), Arrays.toString(t.shape()),
          dynamic ? " (ran as " + Arrays.toString(t.ranShape()) + ", -1 = dynamic)" : "",
          q == null ? "" : String.format(Locale.ROOT, ", quantized: real = %s x (q - %d)", q.scale(), q.zeroPoint()));
    }
  }
}
