package io.edgeenergy.examples.audio;

/**
 * The chain's first stage, plain Java: the RMS level of a chunk in dBFS against a threshold, held
 * open for a hang-over after the level falls (so a word's quiet tail still reaches the VAD).
 */
public final class EnergyGate {
  private final double thresholdDbfs;
  private final int hangoverChunks;
  private int sinceLoud = Integer.MAX_VALUE;

  /** Opens at {@code thresholdDbfs} and stays open {@code hangoverChunks} chunks after. */
  public EnergyGate(double thresholdDbfs, int hangoverChunks) {
    this.thresholdDbfs = thresholdDbfs;
    this.hangoverChunks = hangoverChunks;
  }

  /** RMS level of {@code chunk} in dBFS (-120 for digital silence). */
  public static double dbfs(float[] chunk) {
    double s = 0;
    for (float v : chunk) {
      s += (double) v * v;
    }
    return s <= 0 ? -120 : 10 * Math.log10(s / chunk.length);
  }

  /** Whether this chunk passes. */
  public boolean open(float[] chunk) {
    sinceLoud = dbfs(chunk) >= thresholdDbfs ? 0 : sinceLoud == Integer.MAX_VALUE ? sinceLoud : sinceLoud + 1;
    return sinceLoud <= hangoverChunks;
  }
}
