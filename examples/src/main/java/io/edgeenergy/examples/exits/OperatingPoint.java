package io.edgeenergy.examples.exits;

import java.util.Arrays;

/**
 * What one exit policy at one threshold does on one split: accuracy, estimated joules per inference
 * and how many inputs stopped at each exit.
 *
 * @param threshold the policy's threshold (for the budget-aware form: the budget pressure)
 * @param accuracy fraction of inputs answered right, in [0, 1]
 * @param joulesPerInference mean estimated joules of the segments run per input
 * @param exitHistogram inputs that stopped at each exit
 */
public record OperatingPoint(double threshold, double accuracy, double joulesPerInference, int[] exitHistogram) {
  /** Copies the histogram. */
  public OperatingPoint {
    exitHistogram = exitHistogram.clone();
  }

  /** A copy of the histogram. */
  @Override
  public int[] exitHistogram() {
    return exitHistogram.clone();
  }

  /** Fraction of inputs that stopped at each exit. */
  public double[] exitFractions() {
    int n = Arrays.stream(exitHistogram).sum();
    return Arrays.stream(exitHistogram).mapToDouble(c -> (double) c / n).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperatingPoint p && p.threshold == threshold && p.accuracy == accuracy
        && p.joulesPerInference == joulesPerInference && Arrays.equals(p.exitHistogram, exitHistogram);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(threshold) * 31 + Arrays.hashCode(exitHistogram);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "t=%.4f acc=%.4f J=%.3e exits=%s", threshold, accuracy,
        joulesPerInference, Arrays.toString(exitHistogram));
  }
}
