package io.edgeenergy.pipeline;

/**
 * The body of a plain-Java {@link Stage#floats float stage}: reads {@code input} and writes
 * {@code output} (both arrays reused across runs). Runs on the hot path: allocate nothing.
 */
@FunctionalInterface
public interface FloatStageFunction {
  /** Computes {@code output} from {@code input}; both arrays are reused between calls. */
  void apply(float[] input, float[] output);
}
