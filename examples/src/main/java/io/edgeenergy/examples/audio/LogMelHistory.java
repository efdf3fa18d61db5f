package io.edgeenergy.examples.audio;

import java.util.Arrays;

/**
 * The last second of a 16 kHz stream and its log-mel frames: audio is pushed chunk by chunk (cheap,
 * a copy), and the 49 × 40 features of the last whole second are computed only when asked for,
 * frame by frame (20 ms hop, aligned to the stream's start) with the frames already computed kept.
 * Asked every 32 ms it computes ~1.6 new frames; asked after a gap, the whole second (49 frames): a
 * gate that wakes the keyword model also pays for its features.
 *
 * <p>Not thread-safe; allocation-free after construction.
 */
public final class LogMelHistory {
  private static final int RING = 1 << 15;          // samples kept: > 1 s + a frame + a chunk
  private static final int FRAME_RING = 64;         // frames kept: > 49
  /** How far before the current position a window may end: both windows' frames fit in the frame ring. */
  public static final int MAX_BACK = (FRAME_RING - LogMel.FRAMES) * LogMel.HOP;

  private final LogMel logMel = new LogMel();
  private final float[] ring = new float[RING];
  private final float[] frameSamples = new float[LogMel.WINDOW];
  private final float[] frames = new float[FRAME_RING * LogMel.MELS];
  private final long[] frameIndex = new long[FRAME_RING];
  private long pushed;
  private long framesComputed;

  /** An empty history. */
  public LogMelHistory() {
    Arrays.fill(frameIndex, -1);
  }

  /** Appends {@code length} samples of {@code chunk} from {@code offset} (at most 16,384 at a time). */
  public void push(float[] chunk, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      ring[(int) (pushed++ & (RING - 1))] = chunk[i];
    }
  }

  /** Appends silence (a chunk the stream could not deliver, e.g. NaN samples). */
  public void pushSilence(int length) {
    for (int i = 0; i < length; i++) {
      ring[(int) (pushed++ & (RING - 1))] = 0f;
    }
  }

  /** Samples pushed so far. */
  public long position() {
    return pushed;
  }

  /** Whether a whole second of frames is buffered. */
  public boolean ready() {
    return ready(pushed);
  }

  /** Whether a whole second of frames ends before sample {@code end}. */
  public static boolean ready(long end) {
    return Math.floorDiv(end - LogMel.WINDOW, LogMel.HOP) >= LogMel.FRAMES - 1;
  }

  /** Log-mel frames computed so far (each frame once). */
  public long framesComputed() {
    return framesComputed;
  }

  /**
   * Writes the features of the last whole second of frames before the current position into
   * {@code out} (49 × 40, time-major); returns false, writing nothing, before a second was pushed.
   */
  public boolean features(float[] out) {
    return features(out, pushed);
  }

  /**
   * As {@link #features(float[])}, for the second of frames before sample {@code end}, which may lie
   * up to {@value #MAX_BACK} samples (15 frames) before the current position: the older window a
   * cascade's confirming model reads. Frames are computed once and shared by both windows.
   */
  public boolean features(float[] out, long end) {
    return strided(out, end, 1, LogMel.FRAMES);
  }

  /**
   * The stride at which a screen reading {@code frames} frames spreads them over a second: every
   * {@code 49 / frames}-th frame (24 frames: every other one).
   *
   * @throws IllegalArgumentException unless 1 ≤ frames ≤ 49
   */
  public static int stride(int frames) {
    if (frames < 1 || frames > LogMel.FRAMES) {
      throw new IllegalArgumentException("a screen reads 1 to " + LogMel.FRAMES + " frames of a second, not " + frames);
    }
    return LogMel.FRAMES / frames;
  }

  /**
   * Writes {@code count} frames of the second before sample {@code end} into {@code out} ({@code count}
   * × 40, time-major): the last frame whose index (counted from the stream's start) is a multiple of
   * {@code stride}, and the {@code count - 1} such frames before it. Only those frames are computed, so
   * a screen reading every other frame costs half the features until it fires; frames are kept and
   * shared with later calls (stride 1 with 49 frames is {@link #features(float[], long)}). Returns
   * false, writing nothing, before a second was pushed.
   *
   * @throws IllegalArgumentException if the frames would not fit in a second, or {@code end} lies
   *     outside what the history keeps
   */
  public boolean strided(float[] out, long end, int stride, int count) {
    if (stride < 1 || count < 1 || (long) stride * count > LogMel.FRAMES) {   // whatever the last frame's parity
      throw new IllegalArgumentException(count + " frames every " + stride + " do not fit in a second of "
          + LogMel.FRAMES + " frames");
    }
    if (end > pushed || end < pushed - MAX_BACK) {
      throw new IllegalArgumentException("features end " + end + " must lie in [" + (pushed - MAX_BACK) + ", "
          + pushed + "]: the history keeps " + FRAME_RING + " frames");
    }
    if (!ready(end)) {
      return false;
    }
    long last = (end - LogMel.WINDOW) / LogMel.HOP;   // last frame that fits
    for (int k = 0; k < count; k++) {
      System.arraycopy(frames, frame(stridedFrame(last, stride, count, k)), out, k * LogMel.MELS, LogMel.MELS);
    }
    return true;
  }

  /**
   * The index of the {@code k}-th (oldest first) of the {@code count} frames {@link #strided} reads when
   * frame {@code last} is the last that fits: on the stream's grid of multiples of {@code stride}, so
   * hops share them. The calibration replay counts frames with the same rule.
   */
  static long stridedFrame(long last, int stride, int count, int k) {
    return last - last % stride - (long) stride * (count - 1 - k);
  }

  /** The offset in {@code frames} of frame {@code f}, computing the frame if the ring does not hold it. */
  private int frame(long f) {
    int slot = (int) (f % FRAME_RING);
    if (frameIndex[slot] != f) {
      for (int i = 0; i < LogMel.WINDOW; i++) {
        frameSamples[i] = ring[(int) ((f * LogMel.HOP + i) & (RING - 1))];
      }
      logMel.frame(frameSamples, 0, frames, slot * LogMel.MELS);
      frameIndex[slot] = f;
      framesComputed++;
    }
    return slot * LogMel.MELS;
  }

  /** Forgets everything, as at the start of a stream. */
  public void clear() {
    Arrays.fill(ring, 0f);
    Arrays.fill(frameIndex, -1);
    pushed = 0;
    framesComputed = 0;
  }
}
