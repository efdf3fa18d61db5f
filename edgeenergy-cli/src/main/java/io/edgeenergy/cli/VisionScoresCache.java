package io.edgeenergy.cli;

import io.edgeenergy.EdgeEnergyException;
import io.edgeenergy.examples.vision.DoorbellStream;
import io.edgeenergy.examples.vision.FaceBox;
import io.edgeenergy.examples.vision.StreamScores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code stream vision --scores-dir DIR}: every stage's scores on every frame of a stream
 * ({@link StreamScores}), kept as a CSV file per stream so a later run re-calibrates or scores more
 * test seeds without running the detectors again (a 90-minute stream is ~11k frames of BlazeFace 256).
 * The file name holds what makes the stream (seed, minutes, fps, visits per hour); the per-call
 * energies are the ones measured when the file was written. Floats are written exactly
 * ({@link Float#toString}). Delete the directory when the models or the stream generator change.
 *
 * <p>Format: a line {@code # StreamScores v1 hours=H gateNj=G frontNj=F backNj=B}, a header line, then
 * one line per frame: motion, front and back scores, the front, back and true boxes (centre x, centre y,
 * width, height, score; empty when none) and the visit index (-1 outside visits).
 */
final class VisionScoresCache {
  static final String MAGIC = "# StreamScores v1 ";
  static final String HEADER = "frame,motion,front,back,fx,fy,fw,fh,fs,bx,by,bw,bh,bs,tx,ty,tw,th,ts,visit";

  private VisionScoresCache() {}

  /** The scores of a stream, read from {@code dir} when there, else recorded by {@code record} and written there. */
  static StreamScores scores(Path dir, long seed, int minutes, double fps, double visitsPerHour,
      Supplier<StreamScores> record) {
    if (dir == null) {
      return record.get();
    }
    Path file = dir.resolve(String.format(Locale.ROOT, "doorbell-seed%d-%dmin-%sfps-%svph.csv", seed, minutes,
        number(fps), number(visitsPerHour)));
    if (Files.exists(file)) {
      return read(file);
    }
    StreamScores s = record.get();
    write(s, file);
    return s;
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static void write(StreamScores s, Path file) {
    StringBuilder b = new StringBuilder();
    b.append(MAGIC).append("hours=").append(s.hours()).append(" gateNj=").append(s.gateNanojoules())
        .append(" frontNj=").append(s.frontNanojoules()).append(" backNj=").append(s.backNanojoules()).append('\n');
    b.append(HEADER).append('\n');
    int visit = 0;
    for (int i = 0; i < s.frames(); i++) {
      while (visit < s.visits().size() && s.visits().get(visit).last() < i) {
        visit++;
      }
      boolean in = visit < s.visits().size() && s.visits().get(visit).contains(i);
      b.append(i).append(',').append(s.motion()[i]).append(',').append(s.front()[i]).append(',').append(s.back()[i]);
      box(b, s.frontFace()[i]);
      box(b, s.backFace()[i]);
      box(b, s.truth()[i]);
      b.append(',').append(in ? visit : -1).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, b, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING); // never a half-written cache entry
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the stream scores to " + file + ": " + e.getMessage(), e);
    }
  }

  private static void box(StringBuilder b, FaceBox f) {
    if (f == null) {
      b.append(",,,,,");
    } else {
      b.append(',').append(f.centerX()).append(',').append(f.centerY()).append(',').append(f.width()).append(',')
          .append(f.height()).append(',').append(f.score());
    }
  }

  /**
   * Reads a file {@link #write} wrote.
   *
   * @throws ScoresFileException the file is not one, or is cut short or damaged (the message names the line)
   */
  static StreamScores read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stream scores " + file + ": " + e.getMessage(), e);
    }
    if (lines.size() < 3 || !lines.get(0).startsWith(MAGIC) || !lines.get(1).equals(HEADER)) {
      throw new ScoresFileException(file + " is not a stream-scores file (it must start with '" + MAGIC.trim()
          + "' and the header line); delete it and the command records the stream again");
    }
    double[] meta = new double[4];
    String[] keys = {"hours=", "gateNj=", "frontNj=", "backNj="};
    String[] parts = lines.get(0).substring(MAGIC.length()).trim().split(" ");
    int n = lines.size() - 2;
    float[] motion = new float[n];
    float[] front = new float[n];
    float[] back = new float[n];
    FaceBox[] frontFace = new FaceBox[n];
    FaceBox[] backFace = new FaceBox[n];
    FaceBox[] truth = new FaceBox[n];
    List<DoorbellStream.Visit> visits = new ArrayList<>();
    int line = 1;
    try {
      for (int k = 0; k < keys.length; k++) {
        if (!parts[k].startsWith(keys[k])) {
          throw new NumberFormatException("'" + keys[k] + "' expected, got '" + parts[k] + "'");
        }
        meta[k] = Double.parseDouble(parts[k].substring(keys[k].length()));
        if (!(meta[k] > 0)) {
          throw new NumberFormatException(parts[k] + " must be > 0");
        }
      }
      int current = -1;
      int first = -1;
      for (int i = 0; i < n; i++) {
        line = i + 3;
        String[] c = lines.get(i + 2).split(",", -1);
        if (c.length != 20 || Integer.parseInt(c[0]) != i) {
          throw new NumberFormatException("20 fields starting with frame " + i + " expected");
        }
        motion[i] = Float.parseFloat(c[1]);
        front[i] = Float.parseFloat(c[2]);
        back[i] = Float.parseFloat(c[3]);
        frontFace[i] = box(c, 4);
        backFace[i] = box(c, 9);
        truth[i] = box(c, 14);
        int v = Integer.parseInt(c[19]);
        if (v != current) {
          if (current >= 0) {
            visits.add(visit(first, i - 1));
          }
          current = v;
          first = i;
        }
      }
      if (current >= 0) {
        visits.add(visit(first, n - 1));
      }
    } catch (RuntimeException e) {
      throw new ScoresFileException(file + " line " + line + " is damaged (" + e.getMessage()
          + "); delete the file and the command records the stream again");
    }
    return new StreamScores(motion, front, back, frontFace, backFace, truth, visits, meta[0], meta[1], meta[2], meta[3]);
  }

  private static FaceBox box(String[] c, int at) {
    if (c[at].isEmpty()) {
      return null;
    }
    return new FaceBox(Float.parseFloat(c[at]), Float.parseFloat(c[at + 1]), Float.parseFloat(c[at + 2]),
        Float.parseFloat(c[at + 3]), Float.parseFloat(c[at + 4]));
  }

  /** A visit as the replay needs it: its frames (how it was drawn is not kept). */
  private static DoorbellStream.Visit visit(int first, int last) {
    return new DoorbellStream.Visit(first, last, 0, 1, 0, 0, 1, false, 0, 0, 0, 1);
  }

  /** A scores file that is not one or is damaged: names the file, the line and the fix. */
  static final class ScoresFileException extends EdgeEnergyException {
    ScoresFileException(String message) {
      super(message);
    }
  }
}
