package io.edgeenergy.examples.audio;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.Tensors;
import java.util.List;

/**
 * The keyword stage of the chain: log-mel features of the last second of audio ({@link LogMel}, a
 * plain-Java function stage) fed to a keyword model ({@code models/audio/keyword_*.onnx|tflite}).
 *
 * <p>Audio is pushed chunk by chunk; features are computed per 20 ms frame only when a score needs
 * them and are cached, so scoring every 32 ms computes ~1.6 new frames, while a scorer woken after a
 * gap computes the whole second (49 frames): a gate that wakes the keyword model also pays for its
 * features. Not thread-safe; owns its tensors, not the model.
 */
public final class KeywordSpotter implements AutoCloseable {
  /** The models' classes, in output order. */
  public static final List<String> CLASSES =
      List.of("_background_", "_unknown_", "computer", "lights", "weather", "hello");
  private static final int RING = 1 << 15;          // samples kept: > 1 s + a frame + a chunk
  private static final int FRAME_RING = 64;         // frames kept: > 49

  private final Model model;
  private final Tensors io;
  private final LogMel logMel = new LogMel();
  private final float[] ring = new float[RING];
  private final float[] frameSamples = new float[LogMel.WINDOW];
  private final float[] frames = new float[FRAME_RING * LogMel.MELS];
  private final long[] frameIndex = new long[FRAME_RING];
  private final float[] input = new float[LogMel.FRAMES * LogMel.MELS];
  private final float[] probs = new float[CLASSES.size()];
  private final StageTimer featureTimer;
  private final StageTimer modelTimer;
  private long pushed;

  /** A spotter running {@code model}; frame and model costs are recorded in the two timers. */
  public KeywordSpotter(Model model, StageTimer featureTimer, StageTimer modelTimer) {
    this.model = model;
    this.io = Tensors.of(model);
    this.featureTimer = featureTimer;
    this.modelTimer = modelTimer;
    java.util.Arrays.fill(frameIndex, -1);
  }

  /** Appends the next chunk of the stream (any length up to 16,384 samples). */
  public void push(float[] chunk) {
    for (float v : chunk) {
      ring[(int) (pushed++ & (RING - 1))] = v;
    }
  }

  /** Samples pushed so far. */
  public long position() {
    return pushed;
  }

  /**
   * Class probabilities for the last whole second of frames before the current position (the
   * returned array is reused by the next call), or {@code null} before one second was pushed.
   */
  public float[] score() {
    long last = (pushed - LogMel.WINDOW) / LogMel.HOP;   // last frame that fits
    long first = last - LogMel.FRAMES + 1;
    if (first < 0) {
      return null;
    }
    for (long f = first; f <= last; f++) {
      int slot = (int) (f % FRAME_RING);
      if (frameIndex[slot] != f) {
        long t0 = System.nanoTime();
        for (int i = 0; i < LogMel.WINDOW; i++) {
          frameSamples[i] = ring[(int) ((f * LogMel.HOP + i) & (RING - 1))];
        }
        logMel.frame(frameSamples, 0, frames, slot * LogMel.MELS);
        frameIndex[slot] = f;
        featureTimer.record(System.nanoTime() - t0);
      }
      System.arraycopy(frames, slot * LogMel.MELS, input, (int) (f - first) * LogMel.MELS, LogMel.MELS);
    }
    long t0 = System.nanoTime();
    Tensor in = io.inputs()[0];
    in.put(input);
    model.run(io.inputs(), io.outputs());
    io.outputs()[0].get(probs);
    modelTimer.record(System.nanoTime() - t0);
    return probs;
  }

  @Override
  public void close() {
    io.close();
  }
}
