package io.edgeenergy.examples.exits;

import io.edgeenergy.EdgeEnergyException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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

  /** Thrown when the features file is missing, truncated or not this format. */
  public static final class BadFeaturesException extends EdgeEnergyException {
    private static final long serialVersionUID = 1L;

    BadFeaturesException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads {@code dir/features.bin.gz}. */
  public static ExitData load(Path dir) {
    Path file = dir.resolve(FILE);
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      byte[] magic = in.readNBytes(4);
      if (!"EEXF".equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
        throw bad(file, "does not start with EEXF", null);
      }
      int version = in.readInt();
      int frames = in.readInt();
      int mels = in.readInt();
      float low = in.readFloat();
      float step = in.readFloat();
      if (version != 1 || frames <= 0 || mels <= 0 || !(step > 0)) {
        throw bad(file, "has version " + version + ", " + frames + " x " + mels + " features, step " + step
            + " (expected version 1, positive sizes and step)", null);
      }
      return new ExitData(split(in, file, frames * mels, low, step), split(in, file, frames * mels, low, step));
    } catch (NoSuchFileException e) {
      throw bad(file, "is missing: run models/exits/train_exits.py", e);
    } catch (EOFException | ZipException e) {
      throw bad(file, "is truncated or not gzip: regenerate it with models/exits/train_exits.py", e);
    } catch (IOException e) {
      throw bad(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static Split split(DataInputStream in, Path file, int width, float low, float step) throws IOException {
    int n = in.readInt();
    if (n <= 0 || n > 1_000_000) {
      throw bad(file, "declares " + n + " windows in a split", null);
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

  private static BadFeaturesException bad(Path file, String what, Throwable cause) {
    return new BadFeaturesException("multi-exit features " + file + " " + what, cause);
  }
}
