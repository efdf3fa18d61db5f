package io.edgeenergy.stream;

import java.util.Arrays;

/**
 * Cuts pushed samples into windows of {@code context} past samples plus {@code hop} new ones, in one
 * reused array: after each window the last {@code context} samples move to the front.
 */
final class AudioWindows {
  final int sampleRate;
  final float[] window;
  private final int hop;
  private final int context;
  private int filled;

  AudioWindows(int sampleRate, int hop, int context) {
    this.sampleRate = sampleRate;
    this.hop = hop;
    this.context = context;
    this.window = new float[context + hop];
  }

  /** Copies samples from {@code offset} until the window is full or {@code end}; returns the new offset. */
  int fill(float[] samples, int offset, int end) {
    int n = Math.min(hop - filled, end - offset);
    System.arraycopy(samples, offset, window, context + filled, n);
    filled += n;
    return offset + n;
  }

  boolean full() {
    return filled == hop;
  }

  /** Whether every sample of the window (context included) is finite. */
  boolean finite() {
    return allFinite(window, 0, window.length);
  }

  /** The last {@code context} samples become the next window's context. */
  void advance() {
    System.arraycopy(window, hop, window, 0, context);
    filled = 0;
  }

  void clear() {
    Arrays.fill(window, 0f);
    filled = 0;
  }

  static boolean allFinite(float[] v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(v[i])) {
        return false;
      }
    }
    return true;
  }
}
