package io.edgeenergy.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.edgeenergy.trace.TraceException;
import io.edgeenergy.trace.TraceRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace written by {@link TraceRecorder}, read whole and checked: a header, one record per input with
 * every stage's probabilities, joules and wall time, and the end record. Anything else (a file cut
 * short, a record that does not fit the header's stages) is a {@link TraceException} naming the file
 * and line, raised before any simulation runs.
 */
record TraceFile(Path path, String meter, String quality, List<String> tierNames, List<Model> models,
    int[] labels, float[][][] probs, long[][] nanojoules, long[][] wallNanos) {

  /** One stage's model as the header names it; file and sha256 are null when the recorder was not told. */
  record Model(int tier, String name, String file, String sha256) {}

  int inputs() {
    return labels.length;
  }

  int stages() {
    return models.size();
  }

  static TraceFile read(Path path) {
    List<String> lines;
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      lines = in.lines().toList();
    } catch (NoSuchFileException e) {
      throw new TraceException("no trace at " + path + ": record one with `edgeenergy demo --trace " + path + "`");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TraceException("cannot read trace " + path + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new TraceException("trace " + path + " is empty: record it again");
    }
    JsonObject header = parse(path, lines, 0);
    if (!"header".equals(str(header, "type")) || header.get("version") == null || header.get("version").getAsInt() != 1) {
      throw new TraceException("trace " + path + " line 1 is not a version-1 trace header: is this a trace written by "
          + "`edgeenergy demo --trace` / TraceRecorder?");
    }
    List<String> tierNames = new ArrayList<>();
    List<Model> models = new ArrayList<>();
    JsonArray tiers = header.getAsJsonArray("tiers");
    for (int t = 0; t < tiers.size(); t++) {
      JsonObject tier = tiers.get(t).getAsJsonObject();
      tierNames.add(str(tier, "name"));
      for (JsonElement m : tier.getAsJsonArray("models")) {
        JsonObject mo = m.getAsJsonObject();
        models.add(new Model(t, str(mo, "name"), str(mo, "file"), str(mo, "sha256")));
      }
    }
    JsonObject end = lines.size() > 1 ? tryParse(lines.get(lines.size() - 1)) : null;
    if (end == null || !"end".equals(str(end, "type"))) {
      throw new TraceException("trace " + path + " is truncated: it ends at line " + lines.size()
          + " without its end record (the recording was cut short); record it again");
    }
    int n = lines.size() - 2;
    if (end.get("inputs").getAsLong() != n) {
      throw new TraceException("trace " + path + " is truncated or damaged: its end record counts "
          + end.get("inputs").getAsLong() + " inputs but the file holds " + n + "; record it again");
    }
    int stages = models.size();
    int[] labels = new int[n];
    float[][][] probs = new float[n][stages][];
    long[][] nj = new long[n][stages];
    long[][] ns = new long[n][stages];
    for (int i = 0; i < n; i++) {
      JsonObject r = parse(path, lines, i + 1);
      try {
        labels[i] = r.get("label").getAsInt();
        JsonArray p = r.getAsJsonArray("p");
        JsonArray e = r.getAsJsonArray("nj");
        JsonArray w = r.getAsJsonArray("ns");
        if (p.size() != stages || e.size() != stages || w.size() != stages) {
          throw new TraceException("trace " + path + " line " + (i + 2) + " has " + p.size() + " stages but its header "
              + "declares " + stages + ": the file mixes traces of different pipelines; record it again");
        }
        for (int s = 0; s < stages; s++) {
          JsonArray ps = p.get(s).getAsJsonArray();
          probs[i][s] = new float[ps.size()];
          for (int c = 0; c < ps.size(); c++) {
            probs[i][s][c] = ps.get(c).isJsonNull() ? Float.NaN : ps.get(c).getAsFloat();
          }
          if (i > 0 && probs[i][s].length != probs[0][s].length) {
            throw new TraceException("trace " + path + " line " + (i + 2) + ": stage " + s + " has " + probs[i][s].length
                + " classes, earlier lines " + probs[0][s].length + "; the file mixes traces of different models");
          }
          nj[i][s] = e.get(s).getAsLong();
          ns[i][s] = w.get(s).getAsLong();
        }
      } catch (NullPointerException | IllegalStateException | ClassCastException | NumberFormatException ex) {
        throw new TraceException("trace " + path + " line " + (i + 2) + " is not an input record (label, p, nj, ns): "
            + ex.getMessage(), ex);
      }
    }
    return new TraceFile(path, str(header, "meter"), str(header, "quality"), tierNames, models, labels, probs, nj, ns);
  }

  /**
   * Refuses this trace if it was recorded with other model files than those in {@code modelsDir}: a
   * replay would then answer for models the device no longer runs.
   */
  void requireModelsIn(Path modelsDir) {
    for (Model m : models) {
      if (m.file() == null) {
        continue;
      }
      Path file = modelsDir.resolve(m.file());
      if (!Files.isRegularFile(file)) {
        throw new TraceException("trace " + path + " was recorded with " + m.file() + " (tier '" + tierNames.get(m.tier())
            + "'), which is not in " + modelsDir + ": pass the --models directory it was recorded with");
      }
      String sha = TraceRecorder.sha256(file);
      if (!sha.equals(m.sha256())) {
        throw new TraceException("trace " + path + " is from another model: it was recorded with " + m.file()
            + " sha256 " + m.sha256() + ", but " + file + " has sha256 " + sha
            + "; record a new trace with these models (edgeenergy demo --trace)");
      }
    }
  }

  private static JsonObject parse(Path path, List<String> lines, int index) {
    try {
      return JsonParser.parseString(lines.get(index)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new TraceException("trace " + path + " line " + (index + 1) + " is not valid JSON"
          + (index == lines.size() - 1 ? " (the file was cut short?)" : "") + ": " + e.getMessage(), e);
    }
  }

  private static JsonObject tryParse(String line) {
    try {
      return JsonParser.parseString(line).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  private static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}
