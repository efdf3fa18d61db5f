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

  private final Model model;
  private final Tensors io;
  private final LogMelHistory history = new LogMelHistory();
  private final int frames;
  private final int stride;
  private final float[] input;
  private final float[] probs = new float[CLASSES.size()];
  private final StageTimer featureTimer;
  private final StageTimer modelTimer;

  /**
   * A spotter running {@code model}; frame and model costs are recorded in the two timers. A model
   * whose input holds fewer than 49 frames (a screen) reads them at {@link LogMelHistory#stride}.
   */
  public KeywordSpotter(Model model, StageTimer featureTimer, StageTimer modelTimer) {
    this.model = model;
    this.frames = framesOf(model);
    this.stride = LogMelHistory.stride(frames);
    this.input = new float[frames * LogMel.MELS];
    this.io = Tensors.of(model);
    this.featureTimer = featureTimer;
    this.modelTimer = modelTimer;
  }

  /** The log-mel frames the model reads ({@link #framesOf}). */
  public int frames() {
    return frames;
  }

  /** Appends the next chunk of the stream (any length up to 16,384 samples). */
  public void push(float[] chunk) {
    history.push(chunk, 0, chunk.length);
  }

  /** Samples pushed so far. */
  public long position() {
    return history.position();
  }

  /**
   * Class probabilities for the last whole second of frames before the current position (the
   * returned array is reused by the next call), or {@code null} before one second was pushed.
   */
  public float[] score() {
    long before = history.framesComputed();
    long t0 = System.nanoTime();
    if (!history.strided(input, history.position(), stride, frames)) {
      return null;
    }
    long n = history.framesComputed() - before;
    if (n > 0) {
      featureTimer.record((System.nanoTime() - t0) / n);   // per frame: the replay charges frames
    }
    t0 = System.nanoTime();
    Tensor in = io.inputs()[0];
    in.put(input);
    model.run(io.inputs(), io.outputs());
    io.outputs()[0].get(probs);
    modelTimer.record(System.nanoTime() - t0);
    return probs;
  }

  /**
   * The log-mel frames {@code model} reads: its first input's elements / 40 (49 for a keyword model).
   *
   * @throws IllegalArgumentException if that is not a whole number of frames between 1 and 49
   */
  public static int framesOf(Model model) {
    var in = model.signature().inputs().get(0);
    long n = in.concrete().elementCount();   // a dynamic batch dimension counts as 1
    if (n % LogMel.MELS != 0 || n / LogMel.MELS < 1 || n / LogMel.MELS > LogMel.FRAMES) {
      throw new IllegalArgumentException("a keyword model reads 1 to " + LogMel.FRAMES + " frames of " + LogMel.MELS
          + " log-mel values, but input '" + in.name() + "' " + in + " holds " + n + " values");
    }
    return (int) (n / LogMel.MELS);
  }

  /** The index of the most probable keyword class (2..5) in {@code probs}. */
  public static int bestKeyword(float[] probs) {
    int best = 2;
    for (int k = 3; k < probs.length; k++) {
      best = probs[k] > probs[best] ? k : best;
    }
    return best;
  }

  @Override
  public void close() {
    io.close();
  }
}
