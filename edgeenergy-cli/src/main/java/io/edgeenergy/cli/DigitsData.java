package io.edgeenergy.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.edgeenergy.EdgeEnergyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The UCI/sklearn digits set (8×8 images, 10 classes) and the train/validation/test split the models
 * were trained with, read from {@code models/digits}. Pixels are scaled to [0, 1] (pixel / 16), as
 * the models expect.
 */
record DigitsData(float[][] pixels, int[] labels, int[] validation, int[] test) {
  static final int FEATURES = 64;

  static DigitsData load(Path digitsDir) {
    Path csv = digitsDir.resolve("digits.csv.gz");
    Path split = digitsDir.resolve("split.json");
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(csv)), StandardCharsets.US_ASCII))) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] cells = line.split(",");
        if (cells.length != FEATURES + 1) {
          throw new EdgeEnergyException(csv + " line " + lineNo + ": expected " + (FEATURES + 1)
              + " comma-separated values (64 pixels and a label), found " + cells.length);
        }
        float[] x = new float[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
          x[i] = Float.parseFloat(cells[i]) / 16f;
        }
        rows.add(x);
        labels.add((int) Float.parseFloat(cells[FEATURES]));
      }
      JsonObject json = JsonParser.parseString(Files.readString(split)).getAsJsonObject();
      return new DigitsData(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(),
          indices(json, "validation", split), indices(json, "test", split));
    } catch (IOException | NumberFormatException e) {
      throw new EdgeEnergyException("cannot read the digits data in " + digitsDir + " (" + e.getMessage()
          + "); it ships in the repository under models/digits", e);
    }
  }

  private static int[] indices(JsonObject json, String key, Path file) {
    if (!json.has(key)) {
      throw new EdgeEnergyException(file + " has no '" + key + "' index list");
    }
    int[] idx = new int[json.getAsJsonArray(key).size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = json.getAsJsonArray(key).get(i).getAsInt();
    }
    return idx;
  }
}
