package io.edgeenergy.examples.exits;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The validation and test windows of the multi-exit keyword model, as {@code models/exits/train_exits.py}
 * stores them in {@code features.bin.gz}: 49 x 40 log-mel features per one-second window (time-major,
 * as {@code LogMel} computes them), kept at 8 bits (value = low + q * step), with the true class.
 *
 * @param validation the validation voice's windows (thresholds are chosen here)
 * @param test the held-out test voices' windows (reported only)
 */
public record ExitData(Split validation, Split test) {
  /** The file in {@code models/exits}. */
  public static final String FILE = "features.bin.gz";
  private static final String KIND = "multi-exit features";

  /**
   * One split.
   *
   * @param features one row of frames x mels floats per window
   * @param labels the class index of each window
   */
  public record Split(float[][] features, int[] labels) {
    /** Number of windows. */
    public int size() {
      return labels.length;
    }
  }

  /** Reads {@code dir/features.bin.gz}. */
  public static ExitData load(Path dir) {
    Path file = dir.resolve(FILE);
    return ExitFiles.read(file, KIND, "EEXF", in -> {
      int version = in.readInt();
      int frames = in.readInt();
      int mels = in.readInt();
      float low = in.readFloat();
      float step = in.readFloat();
      if (version != 1 || frames <= 0 || mels <= 0 || !(step > 0)) {
        throw ExitFiles.bad(file, KIND, "has version " + version + ", " + frames + " x " + mels + " features, step "
            + step + " (expected version 1, positive sizes and step)", null);
      }
      return new ExitData(split(in, file, frames * mels, low, step), split(in, file, frames * mels, low, step));
    });
  }

  private static Split split(DataInputStream in, Path file, int width, float low, float step) throws IOException {
    int n = in.readInt();
    if (n <= 0 || n > 1_000_000) {
      throw ExitFiles.bad(file, KIND, "declares " + n + " windows in a split", null);
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = in.readUnsignedByte();
    }
    float[][] features = new float[n][width];
    byte[] row = new byte[width];
    for (int i = 0; i < n; i++) {
      in.readFully(row);
      for (int j = 0; j < width; j++) {
        features[i][j] = low + (row[j] & 0xff) * step;   // float arithmetic, as numpy's float32 does it
      }
    }
    return new Split(features, labels);
  }
}
