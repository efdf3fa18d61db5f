package io.edgeenergy.examples.audio;

import io.edgeenergy.pipeline.Stage;

/**
 * The chain's first stage, plain Java: the RMS level of a chunk in dBFS against a threshold. As a
 * pipeline {@link Stage} it scores [quiet, loud]; the hang-over (a word's quiet tail must still reach
 * the VAD) is the gate's, {@code GatePolicy.classTrigger(1, .5, .5, hangover)}.
 */
public final class EnergyGate {
  private EnergyGate() {}

  /** RMS level of {@code chunk} in dBFS (-120 for digital silence). */
  public static double dbfs(float[] chunk) {
    return dbfs(chunk, 0, chunk.length);
  }

  /**
   * RMS level of {@code samples[from .. to)} in dBFS (-120 for digital silence). Eight accumulators:
   * one running sum is bound by the add's latency, eight let the adds overlap (~2× faster on a
   * 512-sample chunk). The order changes only rounding, and not even that for 16-bit PCM: squares of
   * k/32768 are multiples of 2^-30 below 2^0, so sums of up to 2^23 of them are exact in a double.
   */
  public static double dbfs(float[] samples, int from, int to) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = from;
    for (; i + 7 < to; i += 8) {
      s0 += sq(samples[i]);
      s1 += sq(samples[i + 1]);
      s2 += sq(samples[i + 2]);
      s3 += sq(samples[i + 3]);
      s4 += sq(samples[i + 4]);
      s5 += sq(samples[i + 5]);
      s6 += sq(samples[i + 6]);
      s7 += sq(samples[i + 7]);
    }
    for (; i < to; i++) {
      s0 += sq(samples[i]);
    }
    double s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    return s <= 0 ? -120 : 10 * Math.log10(s / (to - from));
  }

  private static double sq(float x) {
    return (double) x * x;
  }

  /**
   * A function stage on a Silero-style window ({@code context} samples, then the chunk) scoring
   * [quiet, loud] for the chunk's level against {@code thresholdDbfs}.
   */
  public static Stage stage(int context, int chunk, double thresholdDbfs) {
    return Stage.floats("energy", context + chunk, "loud", 2, (in, out) -> {
      boolean loud = dbfs(in, context, context + chunk) >= thresholdDbfs;
      out[0] = loud ? 0f : 1f;
      out[1] = loud ? 1f : 0f;
    });
  }
}
