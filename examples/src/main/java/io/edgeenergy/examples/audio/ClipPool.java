package io.edgeenergy.examples.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed clips evaluation streams are built from ({@code models/audio/pool.tsv} and
 * {@code pool/*.wav}, written by {@code models/audio/train_keywords.py}): keywords and sentences
 * spoken by the validation and the held-out test voices, and ten seconds of each noise bed that
 * training never saw.
 *
 * @param clips every clip, in file order
 */
public record ClipPool(List<Clip> clips) {
  /** Which stream a clip may appear in. */
  public enum Split { VALIDATION, TEST }

  /**
   * One clip.
   *
   * @param file file name under {@code pool/}
   * @param kind {@code keyword}, {@code speech}, {@code noise} or {@code room}
   * @param label the keyword, {@code _unknown_} for speech, or the noise type
   * @param voice the espeak-ng voice and variant (empty for noise)
   * @param split {@code validation}, {@code test} or {@code both}
   * @param samples the audio, 16 kHz, in [-1, 1)
   */
  public record Clip(String file, String kind, String label, String voice, String split, float[] samples) {
    boolean in(Split s) {
      return split.equals("both") || split.equalsIgnoreCase(s.name());
    }
  }

  /** Reads {@code dir/pool.tsv} and every WAV file it lists. */
  public static ClipPool load(Path dir) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve("pool.tsv"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("pool.tsv")
          + "; it ships in the repository under models/audio", e);
    }
    List<Clip> clips = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] c = line.split("\t", -1);
      clips.add(new Clip(c[0], c[1], c[2], c[3], c[4], Wav.read(dir.resolve("pool").resolve(c[0]), LogMel.SAMPLE_RATE)));
    }
    return new ClipPool(List.copyOf(clips));
  }

  /** The clips of {@code kind} usable in {@code split}. */
  public List<Clip> of(String kind, Split split) {
    return clips.stream().filter(c -> c.kind().equals(kind) && c.in(split)).toList();
  }
}
