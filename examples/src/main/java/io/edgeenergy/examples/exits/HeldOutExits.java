package io.edgeenergy.examples.exits;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Out-of-fold exits of the multi-exit keyword model, as {@code models/exits/train_exits.py} stores
 * them in {@code held_out_exits.bin.gz}: for each training voice, every exit's probabilities on
 * windows of that voice, answered by a model trained the same way on the other training voices only.
 * With the validation voice (answered by the final model) they make the choosing split: six voices
 * that the model answering them never heard, instead of one (the one validation voice is much easier
 * than the test voices, so a threshold chosen on it alone lost more on test than it promised).
 *
 * @param records every exit of every window
 * @param voices the voice of each window, an index into {@code voiceNames}
 * @param voiceNames the training voices, in fold order
 */
public record HeldOutExits(ExitRecords records, int[] voices, List<String> voiceNames) {
  /** The file in {@code models/exits}. */
  public static final String FILE = "held_out_exits.bin.gz";
  private static final String KIND = "out-of-fold exits";

  /** Checks that every window has a voice of the list. */
  public HeldOutExits {
    voiceNames = List.copyOf(voiceNames);
    if (voices.length != records.size()) {
      throw new IllegalArgumentException(voices.length + " voices for " + records.size() + " windows");
    }
    for (int v : voices) {
      if (v < 0 || v >= voiceNames.size()) {
        throw new IllegalArgumentException("voice " + v + " is not one of the " + voiceNames.size() + " voices");
      }
    }
  }

  /** Reads {@code dir/held_out_exits.bin.gz}. */
  public static HeldOutExits load(Path dir) {
    Path file = dir.resolve(FILE);
    return ExitFiles.read(file, KIND, "EEXO", in -> {
      int version = in.readInt();
      int exits = in.readInt();
      int classes = in.readInt();
      int voiceCount = in.readInt();
      if (version != 1 || exits < 1 || exits > 64 || classes < 2 || classes > 256 || voiceCount < 1 || voiceCount > 255) {
        throw ExitFiles.bad(file, KIND, "has version " + version + ", " + exits + " exits, " + classes + " classes, "
            + voiceCount + " voices (expected version 1, 1-64 exits, 2-256 classes, 1-255 voices)", null);
      }
      List<String> names = new ArrayList<>();
      for (int v = 0; v < voiceCount; v++) {
        names.add(new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8));
      }
      int n = in.readInt();
      if (n <= 0 || n > 1_000_000) {
        throw ExitFiles.bad(file, KIND, "declares " + n + " windows", null);
      }
      float[][][] probs = new float[n][exits][classes];
      int[] labels = new int[n];
      int[] voices = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = in.readUnsignedByte();
        voices[i] = in.readUnsignedByte();
        for (float[] exit : probs[i]) {
          for (int c = 0; c < classes; c++) {
            exit[c] = in.readFloat();
          }
        }
      }
      return new HeldOutExits(new ExitRecords(probs, labels), voices, names);
    });
  }

  /** The records of one voice only. */
  public ExitRecords voice(int voice) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < voices.length; i++) {
      if (voices[i] == voice) {
        rows.add(i);
      }
    }
    float[][][] p = new float[rows.size()][][];
    int[] y = new int[rows.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = records.probabilities()[rows.get(i)];
      y[i] = records.labels()[rows.get(i)];
    }
    return new ExitRecords(p, y);
  }

  /** The records voice by voice, in {@code voiceNames} order, then {@code validation}: the choosing split. */
  public List<ExitRecords> voicesWith(ExitRecords validation) {
    List<ExitRecords> out = new ArrayList<>();
    for (int v = 0; v < voiceNames.size(); v++) {
      out.add(voice(v));
    }
    out.add(validation);
    return out;
  }

  /** {@link #voicesWith} pooled into one choosing split, in the same order. */
  public ExitRecords choosing(ExitRecords validation) {
    return ExitRecords.concat(voicesWith(validation));
  }
}
