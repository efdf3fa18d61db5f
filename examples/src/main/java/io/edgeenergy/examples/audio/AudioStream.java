package io.edgeenergy.examples.audio;

import java.util.List;

/**
 * A deterministic stream of 16 kHz audio rendered on demand (an hour is 57.6 M samples: it is
 * never held in memory), with its ground truth. Built by {@link StreamAssembler}.
 */
public final class AudioStream {
  /** A true keyword: its label and its first and last sample (exclusive). */
  public record Keyword(String label, long start, long end) {}

  /** One scheduled clip: {@code gain × clip[(offset + t - start) mod length]} for t in [start, end). */
  record Item(String kind, String label, float[] clip, long start, long end, int offset, float gain) {}

  private final List<Item> items;
  private final List<Keyword> keywords;
  private final float[] bed;
  private final int bedOffset;
  private final float bedGain;
  private final long length;
  private final String description;
  private int cursor;

  AudioStream(List<Item> items, List<Keyword> keywords, float[] bed, int bedOffset, float bedGain,
      long length, String description) {
    this.items = items;
    this.keywords = keywords;
    this.bed = bed;
    this.bedOffset = bedOffset;
    this.bedGain = bedGain;
    this.length = length;
    this.description = description;
  }

  /** Samples in the stream. */
  public long length() {
    return length;
  }

  /** The true keywords in time order. */
  public List<Keyword> keywords() {
    return keywords;
  }

  /** How the stream was built: seed, split, mix fractions and levels. */
  public String description() {
    return description;
  }

  /**
   * Writes samples {@code [from, from + dst.length)} into {@code dst}, quantized to 16 bits as a
   * capture device would deliver them. Reads are fastest in increasing order.
   */
  public void read(long from, float[] dst) {
    if (from < 0 || from + dst.length > length) {
      throw new AudioFormatException("samples [" + from + ", " + (from + dst.length) + ") are outside the stream of "
          + length);
    }
    for (int i = 0; i < dst.length; i++) {
      dst[i] = bed[(int) ((bedOffset + from + i) % bed.length)] * bedGain;
    }
    if (cursor > 0 && items.get(cursor - 1).end() > from) {
      cursor = 0; // a backwards read: search from the start
    }
    while (cursor < items.size() && items.get(cursor).end() <= from) {
      cursor++;
    }
    for (int k = cursor; k < items.size() && items.get(k).start() < from + dst.length; k++) {
      Item it = items.get(k);
      long lo = Math.max(from, it.start());
      long hi = Math.min(from + dst.length, it.end());
      for (long t = lo; t < hi; t++) {
        dst[(int) (t - from)] += it.gain() * it.clip()[(int) ((it.offset() + t - it.start()) % it.clip().length)];
      }
    }
    for (int i = 0; i < dst.length; i++) {
      if (Float.isFinite(dst[i])) { // a NaN stays NaN, so the chain's NaN handling is testable
        dst[i] = Math.max(-32768, Math.min(32767, Math.round(dst[i] * 32768f))) / 32768f;
      }
    }
  }
}
