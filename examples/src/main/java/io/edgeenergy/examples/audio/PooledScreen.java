package io.edgeenergy.examples.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cascade's plain-Java screen ({@code models/audio/keyword_screen.tsv}, trained by
 * {@code models/audio/train_screen.py}): how likely a keyword is in the last second, from a tiny dense net
 * (inputs → ReLU hidden layer → the keyword models' 6 classes, the score being the keyword classes'
 * total probability; or one sigmoid output) over every {@code stride}-th log-mel frame, {@code frames} of
 * them, with {@code pool} adjacent mel bands averaged. It runs as a function stage, so it pays no
 * ONNX Runtime per-call floor, and it reads only the frames it needs ({@link LogMelHistory#strided}):
 * with stride 2 the chain computes half the log-mel frames while nothing fires.
 *
 * <p>Immutable weights; {@link #score} uses per-instance scratch, so one instance per thread.
 */
public final class PooledScreen implements KeywordScreen {
  private final int stride;
  private final int frames;
  private final int pool;
  private final int hiddenSize;
  private final int inputs;
  /** First layer, input-major ({@code [input][hidden]}): the inner loop is an axpy the JIT vectorizes. */
  private final float[] w1;
  private final float[] b1;
  /** Output layer, {@code [class][hidden]}. */
  private final float[] w2;
  private final float[] b2;
  private final int classes;
  private final float[] logits;
  private final float[] x;
  private final float[] hidden;
  private final float[] framesIn;
  private final List<float[]> checks;

  private PooledScreen(int stride, int frames, int pool, int hiddenSize, float[] w1, float[] b1, float[] w2, float[] b2,
      List<float[]> checks) {
    this.stride = stride;
    this.frames = frames;
    this.pool = pool;
    this.hiddenSize = hiddenSize;
    this.inputs = frames * (LogMel.MELS / pool);
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
    this.classes = b2.length;
    this.logits = new float[classes];
    this.x = new float[inputs];
    this.hidden = new float[hiddenSize];
    this.framesIn = new float[frames * LogMel.MELS];
    this.checks = checks;
  }

  /**
   * Reads a weights file written by {@code train_screen.py}.
   *
   * @throws IllegalArgumentException naming the file and line if it is not one
   */
  public static PooledScreen load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the keyword screen " + file, e);
    }
    try {
      int[] shape = null;
      float[] w1 = null;
      float[] b1 = null;
      float[] w2 = null;
      float[] b2 = null;
      int row = 0;
      int row2 = 0;
      List<float[]> checks = new java.util.ArrayList<>();
      for (String line : lines) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t");
        switch (f[0]) {
          case "shape" -> shape = new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
              Integer.parseInt(f[4]), Integer.parseInt(f[5])};
          case "w1" -> {
            int in = shape[1] * (LogMel.MELS / shape[2]);
            w1 = w1 == null ? new float[in * shape[3]] : w1;
            float[] v = values(f, in);
            for (int i = 0; i < in; i++) {
              w1[i * shape[3] + row] = v[i];   // stored hidden-major, kept input-major
            }
            row++;
          }
          case "b1" -> b1 = values(f, shape[3]);
          case "w2" -> {
            w2 = w2 == null ? new float[shape[4] * shape[3]] : w2;
            System.arraycopy(values(f, shape[3]), 0, w2, row2++ * shape[3], shape[3]);
          }
          case "b2" -> b2 = values(f, shape[4]);
          case "check" -> checks.add(values(f, f.length - 1));
          default -> throw new IllegalArgumentException("unknown row '" + f[0] + "'");
        }
      }
      if (shape == null || w1 == null || row != shape[3] || b1 == null || row2 != shape[4] || b2 == null) {
        throw new IllegalArgumentException("missing rows (needs shape, " + (shape == null ? "?" : shape[3])
            + " w1 rows, b1, " + (shape == null ? "?" : shape[4]) + " w2 rows, b2)");
      }
      if (shape[4] != 1 && shape[4] != KeywordSpotter.CLASSES.size()) {
        throw new IllegalArgumentException("the screen has " + shape[4] + " outputs: 1 (a keyword probability) or "
            + KeywordSpotter.CLASSES.size() + " (the keyword models' classes)");
      }
      if (shape[0] * shape[1] > LogMel.FRAMES || LogMel.MELS % shape[2] != 0) {
        throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " does not fit 49 x 40 log-mel");
      }
      return new PooledScreen(shape[0], shape[1], shape[2], shape[3], w1, b1, w2, b2, List.copyOf(checks));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a keyword screen weights file (train_screen.py): " + file + ": "
          + e.getMessage(), e);
    }
  }

  private static float[] values(String[] f, int n) {
    if (f.length != n + 1) {
      throw new IllegalArgumentException("row '" + f[0] + "' has " + (f.length - 1) + " values, expected " + n);
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = Float.parseFloat(f[i + 1]);
    }
    return v;
  }

  /**
   * Reads the frames the screen scores, of the second before sample {@code end} of {@code history},
   * computing only those; false before a second was pushed. The log-mel stage's work.
   */
  public boolean read(LogMelHistory history, long end) {
    return history.strided(framesIn, end, stride, frames);
  }

  /** The screen's score for the frames last {@link #read}: the screen stage's work. */
  public float score() {
    return scorePooled(pool(framesIn, x));
  }

  /** {@link #read} and {@link #score} in one; NaN before a second was pushed. */
  public float score(LogMelHistory history, long end) {
    return read(history, end) ? score() : Float.NaN;
  }

  /** Frames × 40 mels → frames × (40 / pool) band averages, into {@code out}. */
  private float[] pool(float[] in, float[] out) {
    int bands = LogMel.MELS / pool;
    for (int t = 0; t < frames; t++) {
      for (int b = 0; b < bands; b++) {
        float s = 0;
        for (int k = 0; k < pool; k++) {
          s += in[t * LogMel.MELS + b * pool + k];
        }
        out[t * bands + b] = s / pool;
      }
    }
    return out;
  }

  /** The net on already pooled inputs ({@link #inputs()} values). */
  float scorePooled(float[] in) {
    System.arraycopy(b1, 0, hidden, 0, hiddenSize);
    for (int i = 0; i < inputs; i++) {
      float v = in[i];
      int o = i * hiddenSize;
      for (int j = 0; j < hiddenSize; j++) {
        hidden[j] += v * w1[o + j];
      }
    }
    for (int j = 0; j < hiddenSize; j++) {
      hidden[j] = Math.max(0f, hidden[j]);
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      float z = b2[k];
      for (int j = 0; j < hiddenSize; j++) {
        z += hidden[j] * w2[k * hiddenSize + j];
      }
      logits[k] = z;
      max = Math.max(max, z);
    }
    if (classes == 1) {
      return (float) (1.0 / (1.0 + Math.exp(-logits[0])));
    }
    // softmax; the score is the keyword classes' (2..) total probability
    double sum = 0;
    double keywords = 0;
    for (int k = 0; k < classes; k++) {
      double e = Math.exp(logits[k] - max);
      sum += e;
      keywords += k >= 2 ? e : 0;
    }
    return (float) (keywords / sum);
  }

  /** Inputs of the net: frames × pooled bands. */
  int inputs() {
    return inputs;
  }

  /** The check rows of the weights file: [Python's probability, its inputs...], for tests. */
  List<float[]> checks() {
    return checks;
  }

  /** Log-mel frames the screen reads per score, and their spacing in frames. */
  int frames() {
    return frames;
  }

  int stride() {
    return stride;
  }

  @Override
  public void close() {
    // weights only
  }

  @Override
  public String toString() {
    return "PooledScreen[every " + stride + " frame(s) x " + frames + ", bands / " + pool + ", " + inputs + " -> "
        + hiddenSize + " -> " + classes + "]";
  }
}
