package io.edgeenergy.cli;

import io.edgeenergy.pipeline.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The digits logistic regression as a plain-Java {@link Stage}: softmax(x · W + b) with the weights
 * of {@code digits_tiny_logreg.onnx}, exported as text by {@code models/train_digits.py}. No native
 * call at all, so the always-on tier costs its arithmetic (~640 multiply-adds), not a runtime's
 * per-call floor.
 */
final class JavaLogReg {
  static final String WEIGHTS_FILE = "digits_tiny_logreg_weights.txt";

  private JavaLogReg() {}

  /** The stage named {@code name}, reading input {@code x[1, 64]} and writing {@code probs[1, 10]}. */
  static Stage stage(String name, Path weightsFile) throws IOException {
    List<String> lines = Files.readAllLines(weightsFile).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    float[] bias = parse(lines.get(0), weightsFile, 1);
    int classes = bias.length;
    int features = lines.size() - 1;
    float[] w = new float[features * classes];   // row-major [feature][class]
    for (int i = 0; i < features; i++) {
      float[] row = parse(lines.get(i + 1), weightsFile, i + 2);
      if (row.length != classes) {
        throw new IllegalStateException(weightsFile + ": weight row " + (i + 1) + " has " + row.length + " values, the bias "
            + classes + "; regenerate it with models/train_digits.py");
      }
      System.arraycopy(row, 0, w, i * classes, classes);
    }
    return Stage.floats(name, features, "probs", classes, (x, probs) -> {
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        float s = bias[c];
        for (int i = 0; i < features; i++) {
          s += x[i] * w[i * classes + c];
        }
        probs[c] = s;
        max = Math.max(max, s);
      }
      float sum = 0;
      for (int c = 0; c < classes; c++) {
        probs[c] = (float) Math.exp(probs[c] - max);
        sum += probs[c];
      }
      for (int c = 0; c < classes; c++) {
        probs[c] /= sum;
      }
    });
  }

  private static float[] parse(String line, Path file, int lineNumber) {
    String[] parts = line.trim().split("\\s+");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Float.parseFloat(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(file + " line " + lineNumber + ": '" + parts[i] + "' is not a number; "
            + "regenerate the file with models/train_digits.py");
      }
    }
    return values;
  }
}
