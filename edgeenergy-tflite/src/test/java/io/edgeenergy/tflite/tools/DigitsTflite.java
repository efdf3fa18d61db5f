package io.edgeenergy.tflite.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Builds the digits models' TensorFlow Lite files from the ONNX files beside them:
 * {@code digits_tiny_logreg.tflite}, {@code digits_big_mlp.tflite}, {@code digits_exit_seg1.tflite},
 * {@code digits_exit_seg2.tflite} (float32, the same weights) and {@code digits_big_mlp_int8.tflite}
 * (full integer, calibrated on the training split of {@code split.json}). Deterministic: the same
 * inputs give byte-identical files. Run by {@code models/build_tflite.sh}.
 */
public final class DigitsTflite {
  /** Float32 conversions: ONNX file name stem → same stem with {@code .tflite}. */
  public static final List<String> FLOAT_MODELS =
      List.of("digits_tiny_logreg", "digits_big_mlp", "digits_exit_seg1", "digits_exit_seg2");
  public static final String INT8_SOURCE = "digits_big_mlp";
  public static final String INT8_MODEL = "digits_big_mlp_int8";

  private DigitsTflite() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "models/digits");
    for (Map.Entry<String, byte[]> e : buildAll(dir).entrySet()) {
      Path out = dir.resolve(e.getKey() + ".tflite");
      Files.write(out, e.getValue());
      System.out.println("wrote " + out + " (" + e.getValue().length + " bytes)");
    }
  }

  /** Every file's bytes, by stem, in a fixed order. */
  public static Map<String, byte[]> buildAll(Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String stem : FLOAT_MODELS) {
      files.put(stem, MlpToTflite.float32(OnnxMlp.read(dir.resolve(stem + ".onnx"))));
    }
    OnnxMlp big = OnnxMlp.read(dir.resolve(INT8_SOURCE + ".onnx"));
    files.put(INT8_MODEL, MlpToTflite.int8(big, Map.of("x", trainingRows(dir))));
    return files;
  }

  /** One split's rows: pixels / 16 (the models' input scaling) and labels. */
  public record Split(float[][] x, int[] labels) {}

  /** The training split, which calibrates the int8 model. */
  public static float[][] trainingRows(Path dir) throws IOException {
    return split(dir, "train").x();
  }

  /** The rows of {@code name} ({@code train}, {@code validation} or {@code test}) of {@code split.json}. */
  public static Split split(Path dir, String name) throws IOException {
    List<float[]> all = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(dir.resolve("digits.csv.gz"))), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cells = line.split(",");
        float[] x = new float[cells.length - 1];
        for (int i = 0; i < x.length; i++) {
          x[i] = Float.parseFloat(cells[i]) / 16f;
        }
        all.add(x);
        labels.add((int) Float.parseFloat(cells[x.length]));
      }
    }
    JsonArray rows = JsonParser.parseString(Files.readString(dir.resolve("split.json")))
        .getAsJsonObject().getAsJsonArray(name);
    float[][] x = new float[rows.size()][];
    int[] y = new int[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = all.get(rows.get(i).getAsInt());
      y[i] = labels.get(rows.get(i).getAsInt());
    }
    return new Split(x, y);
  }
}
