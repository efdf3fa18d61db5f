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

  /** RMS level of {@code samples[from .. to)} in dBFS (-120 for digital silence). */
  public static double dbfs(float[] samples, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (double) samples[i] * samples[i];
    }
    return s <= 0 ? -120 : 10 * Math.log10(s / (to - from));
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
