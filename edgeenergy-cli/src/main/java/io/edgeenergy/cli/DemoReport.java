package io.edgeenergy.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** What the demo measured, printable as a table and serializable as JSON. */
record DemoReport(String backend, String meter, String meterQuality, String meterDescription, String metering,
    long meterOverheadNanojoules, int testImages, int passes, double cascadeThreshold, double exitThreshold,
    double batteryJoules, double basePowerWatts, List<Row> rows, long fp32ModelBytes, long int8ModelBytes,
    double javaTinyMicrojoules) {
  /** The row of the int8 big model. */
  static final String INT8_ROW = "big int8";
  /** The row whose tier 0 is the logistic regression as a plain-Java stage (no native call). */
  static final String JAVA_CASCADE_ROW = "cascade java->big";

  /** One configuration's figures; energy and latency are means per inference. */
  record Row(String config, double accuracy, String rateLabel, double rate, double microjoules, String quality,
      double latencyMicros, long inferencesPerBattery, double hoursAtOnePerSecond) {}

  Row row(String config) {
    return rows.stream().filter(r -> r.config().equals(config)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row " + config));
  }

  void print(PrintWriter out) {
    out.println();
    out.printf(Locale.ROOT, "Held-out digits test split: %d images x %d passes; backend %s; meter %s (%s), metering %s%n",
        testImages, passes, backend, meter, meterQuality, metering);
    String fmt = "%-18s %9s %18s %14s %11s %13s %10s%n";
    out.printf(Locale.ROOT, fmt, "config", "accuracy", "escalated/exited", "energy/inf", "quality", "latency/inf", "vs big");
    Row big = row("big only");
    for (Row r : rows) {
      out.printf(Locale.ROOT, fmt, r.config(), String.format(Locale.ROOT, "%.2f %%", 100 * r.accuracy()),
          r.rateLabel().equals("-") ? "-" : String.format(Locale.ROOT, "%.1f %% %s", 100 * r.rate(), r.rateLabel()),
          String.format(Locale.ROOT, "%.2f µJ", r.microjoules()), r.quality(),
          String.format(Locale.ROOT, "%.1f µs", r.latencyMicros()),
          String.format(Locale.ROOT, "%.2fx", r.microjoules() / big.microjoules()));
    }
    out.println();
    out.printf(Locale.ROOT, "Battery projection: a %.0f J battery, inference energy only (%s figures; the device's idle/base power is not included):%n",
        batteryJoules, meterQuality);
    for (Row r : rows) {
      out.printf(Locale.ROOT, "  %-18s lasts %,d inferences = %,.1f hours at 1 inference/s%n", r.config(),
          r.inferencesPerBattery(), r.hoursAtOnePerSecond());
    }
    if (basePowerWatts > 0) {
      out.printf(Locale.ROOT, "  With the profile's base power (%.3f W) the same battery lasts %.2f hours whatever the model: at 1 inference/s%n"
          + "  the device's idle draw dominates here; per-inference savings decide battery life where base power is milliwatts.%n",
          basePowerWatts, batteryJoules / basePowerWatts / 3600);
    }
    Row cascade = row("cascade tiny->big");
    Row javaCascade = row(JAVA_CASCADE_ROW);
    Row exit = row("early exit");
    out.println();
    out.printf(Locale.ROOT, "Cascade:    %+.2f accuracy points vs big only, %.2fx fewer joules (gate: max probability >= %.2f)%n",
        100 * (cascade.accuracy() - big.accuracy()), big.microjoules() / cascade.microjoules(), cascadeThreshold);
    out.printf(Locale.ROOT, "Java tier:  %+.2f accuracy points vs big only, %.2fx fewer joules; the same logistic regression"
        + " as plain Java costs %.2fx the joules of its %s call (tier 0 alone)%n",
        100 * (javaCascade.accuracy() - big.accuracy()), big.microjoules() / javaCascade.microjoules(),
        javaTinyMicrojoules / row("tiny only").microjoules(), backend);
    out.printf(Locale.ROOT, "Early exit: %+.2f accuracy points vs big only, %.1f %% fewer joules than the monolithic big model (exit: max probability >= %.2f)%n",
        100 * (exit.accuracy() - big.accuracy()), 100 * (1 - exit.microjoules() / big.microjoules()), exitThreshold);
    printInt8(out, big);
    out.printf(Locale.ROOT, "Meter read overhead subtracted from each window: %d nJ. %s%n", meterOverheadNanojoules,
        meterQuality.equals("ESTIMATED") ? "No hardware energy meter here: every figure is an ESTIMATE from CPU time x a power profile."
            : "");
  }

  private void printInt8(PrintWriter out, Row fp32) {
    Row int8 = rows.stream().filter(r -> r.config().equals(INT8_ROW)).findFirst().orElse(null);
    if (int8 == null) {
      out.println("INT8 vs FP32: no " + DemoCommand.INT8_MODEL + " file for backend " + backend
          + "; build it with models/quantize_digits_onnx.py (onnx) or models/build_tflite.sh (tflite).");
      return;
    }
    String fmt = "  %-10s %9s %11s %12s %13s%n";
    out.println("INT8 vs FP32, the big model (8-bit weights and activations, float I/O; calibrated on the training split):");
    out.printf(Locale.ROOT, fmt, "", "accuracy", "energy/inf", "latency/inf", "model size");
    for (Row r : List.of(fp32, int8)) {
      out.printf(Locale.ROOT, fmt, r == int8 ? "int8" : "fp32", String.format(Locale.ROOT, "%.2f %%", 100 * r.accuracy()),
          String.format(Locale.ROOT, "%.2f µJ", r.microjoules()), String.format(Locale.ROOT, "%.1f µs", r.latencyMicros()),
          String.format(Locale.ROOT, "%,d B", r == int8 ? int8ModelBytes : fp32ModelBytes));
    }
    out.printf(Locale.ROOT, "  int8: %+.2f accuracy points, %.2fx the joules, %.2fx the latency, %.2fx the size of fp32 (%s)%n",
        100 * (int8.accuracy() - fp32.accuracy()), int8.microjoules() / fp32.microjoules(),
        int8.latencyMicros() / fp32.latencyMicros(), (double) int8ModelBytes / fp32ModelBytes, int8.quality());
    out.println();
  }
}
