package io.edgeenergy.onnx;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real digits models and data of {@code models/} (produced by {@code models/train_digits.py}),
 * located relative to this module's directory.
 */
final class DigitsData {
  private DigitsData() {}

  /** {@code models/digits}, or {@code null} if the models are not there. */
  static Path dir() {
    for (Path p : List.of(Path.of("../models/digits"), Path.of("../models"), Path.of("models/digits"))) {
      if (Files.isRegularFile(p.resolve("digits_tiny_logreg.onnx"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    return null;
  }

  /** A model file, or {@code null} if absent. */
  static Path model(String fileName) {
    Path dir = dir();
    if (dir == null) {
      return null;
    }
    Path p = dir.resolve(fileName);
    return Files.isRegularFile(p) ? p : null;
  }

  /** {@code digits_exit_seg1.onnx, seg2, ...} in order (empty if absent). */
  static List<Path> segments() {
    List<Path> segments = new ArrayList<>();
    Path dir = dir();
    for (int k = 1; dir != null; k++) {
      Path p = dir.resolve("digits_exit_seg" + k + ".onnx");
      if (!Files.isRegularFile(p)) {
        break;
      }
      segments.add(p);
    }
    return segments;
  }

  /** Rows of pixels scaled to [0,1] (pixel / 16) and their labels. */
  record Rows(float[][] pixels, int[] labels) {}

  static Rows rows() {
    List<float[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(dir().resolve("digits.csv.gz"))), StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        if (cells.length != 65) {
          throw new IllegalStateException("digits.csv.gz row with " + cells.length + " columns, expected 65");
        }
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) {
          x[i] = Float.parseFloat(cells[i]) / 16f;
        }
        pixels.add(x);
        labels.add(Integer.parseInt(cells[64].trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rows(pixels.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  static int[] testIndices() {
    JsonObject split = json("split.json");
    return split.getAsJsonArray("test").asList().stream().mapToInt(e -> e.getAsInt()).toArray();
  }

  /** {@code metrics.json}, or {@code null} if not written yet. */
  static JsonObject metrics() {
    return Files.isRegularFile(dir().resolve("metrics.json")) ? json("metrics.json") : null;
  }

  private static JsonObject json(String file) {
    try {
      return JsonParser.parseString(Files.readString(dir().resolve(file))).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
