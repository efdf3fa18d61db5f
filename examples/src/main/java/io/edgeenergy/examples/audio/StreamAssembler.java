package io.edgeenergy.examples.audio;

import io.edgeenergy.examples.audio.AudioStream.Item;
import io.edgeenergy.examples.audio.AudioStream.Keyword;
import io.edgeenergy.examples.audio.ClipPool.Clip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Builds an evaluation stream from the {@link ClipPool}, deterministically from a seed.
 *
 * <p>Recipe for a stream of length D: a bed of quiet room tone at {@value #ROOM_DBFS} dBFS RMS under
 * everything; on top, in a shuffled order, (a) {@value #KEYWORDS_PER_HOUR} keywords per hour (at
 * least one), each a random keyword clip of the split's voices at -26..-18 dBFS; (b) sentences of
 * the split's voices at -26..-18 dBFS until they fill {@value #SPEECH_FRACTION} of D; (c) loud
 * non-speech noise (music-like chords, TV-like modulated band noise, pink noise) in 4-12 s pieces at
 * -22..-12 dBFS until they fill {@value #NOISE_FRACTION} of D. Items never overlap; the remaining time
 * is room tone alone, split into random gaps of at least 1 s (so every keyword is isolated by at
 * least 1 s of room tone on each side). With D = 1 h that is ~73 % room tone alone, 15 % speech,
 * 10 % noise, ~1.2 % keywords. Ground truth is each keyword clip's first and last sample.
 */
public final class StreamAssembler {
  static final double ROOM_DBFS = -55;
  static final int KEYWORDS_PER_HOUR = 60;
  static final double SPEECH_FRACTION = 0.15;
  static final double NOISE_FRACTION = 0.10;
  private static final double MIN_GAP_SECONDS = 1.0;
  private static final int SR = LogMel.SAMPLE_RATE;

  private StreamAssembler() {}

  /** A stream of {@code length} from the clips of {@code split}, shuffled by {@code seed}. */
  public static AudioStream build(ClipPool pool, ClipPool.Split split, long seed, Duration length) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long total = length.toMillis() * SR / 1000;
    List<Clip> keywords = pool.of("keyword", split);
    List<Clip> speech = pool.of("speech", split);
    List<Clip> noise = pool.of("noise", split);
    Clip room = pool.of("room", split).get(0);
    List<Item> items = new ArrayList<>();
    int kwCount = (int) Math.max(1, Math.round(KEYWORDS_PER_HOUR * length.toMillis() / 3_600_000.0));
    for (int i = 0; i < kwCount; i++) {
      Clip c = keywords.get(rnd.nextInt(keywords.size()));
      items.add(item(c, c.samples().length, 0, level(c.samples(), -26 + 8 * rnd.nextDouble())));
    }
    for (long filled = 0; filled < SPEECH_FRACTION * total; ) {
      Clip c = speech.get(rnd.nextInt(speech.size()));
      items.add(item(c, c.samples().length, 0, level(c.samples(), -26 + 8 * rnd.nextDouble())));
      filled += c.samples().length;
    }
    for (long filled = 0; filled < NOISE_FRACTION * total; ) {
      Clip c = noise.get(rnd.nextInt(noise.size()));
      int len = (int) Math.min((4 + 8 * rnd.nextDouble()) * SR, NOISE_FRACTION * total - filled + SR);
      items.add(item(c, len, rnd.nextInt(c.samples().length), level(c.samples(), -22 + 10 * rnd.nextDouble())));
      filled += len;
    }
    Collections.shuffle(items, new java.util.Random(rnd.nextLong()));
    long busy = items.stream().mapToLong(it -> it.end()).sum();
    long spare = total - busy - (long) (MIN_GAP_SECONDS * SR) * (items.size() + 1);
    if (spare < 0) {
      throw new IllegalArgumentException("a " + length + " stream is too short for its " + items.size() + " items");
    }
    double[] w = new double[items.size() + 1];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = -Math.log(1 - rnd.nextDouble()); // exponential weights: random, memoryless gaps
      sum += w[i];
    }
    List<Item> placed = new ArrayList<>();
    List<Keyword> truth = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < items.size(); i++) {
      t += (long) (MIN_GAP_SECONDS * SR) + (long) (spare * w[i] / sum);
      Item it = items.get(i);
      Item at = new Item(it.kind(), it.label(), it.clip(), t, t + it.end(), it.offset(), it.gain());
      placed.add(at);
      if (it.kind().equals("keyword")) {
        truth.add(new Keyword(it.label(), at.start(), at.end()));
      }
      t = at.end();
    }
    String description = String.format(Locale.ROOT,
        "%s stream, seed %d, %.1f min: room tone alone %.1f %%, speech %.1f %%, loud noise %.1f %%, %d keywords"
            + " (%.1f %%), voices of the %s split",
        split.name().toLowerCase(Locale.ROOT), seed, total / (SR * 60.0),
        100.0 * (total - busy) / total, 100.0 * share(placed, "speech") / total, 100.0 * share(placed, "noise") / total,
        truth.size(), 100.0 * share(placed, "keyword") / total, split.name().toLowerCase(Locale.ROOT));
    return new AudioStream(List.copyOf(placed), List.copyOf(truth), room.samples(),
        rnd.nextInt(room.samples().length), (float) (Math.pow(10, ROOM_DBFS / 20) / rms(room.samples())), total,
        description);
  }

  /** An unplaced item: start 0, end = its length. */
  private static Item item(Clip c, int length, int offset, float gain) {
    return new Item(c.kind(), c.label(), c.samples(), 0, length, offset, gain);
  }

  private static float level(float[] x, double dbfs) {
    return (float) (Math.pow(10, dbfs / 20) / rms(x));
  }

  private static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * v;
    }
    return Math.sqrt(s / x.length) + 1e-12;
  }

  private static long share(List<Item> items, String kind) {
    return items.stream().filter(i -> i.kind().equals(kind)).mapToLong(i -> i.end() - i.start()).sum();
  }
}
