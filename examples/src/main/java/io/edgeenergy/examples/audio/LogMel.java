package io.edgeenergy.examples.audio;

/**
 * Log-mel features of 16 kHz audio, the keyword models' input, computed exactly as
 * {@code models/audio/logmel.py} computes them for training (the committed reference features agree
 * within the bound stated in {@code LogMelTest}).
 *
 * <p>One frame: {@value #WINDOW} samples (30 ms) under a periodic Hann window, zero-padded to a
 * {@value #NFFT}-point FFT; power spectrum; {@value #MELS} triangular mel filters (HTK mel scale,
 * edges equally spaced in mel from 20 Hz to 7600 Hz, unnormalized); natural log of (energy + 1e-6).
 * Frames start every {@value #HOP} samples (20 ms), so a one-second window of 16,000 samples has
 * {@value #FRAMES} frames and the model input is {@code FRAMES × MELS} values, time-major.
 *
 * <p>Arithmetic is in double, like numpy's, so the only differences are rounding. Not thread-safe:
 * an instance owns its scratch buffers so a frame allocates nothing.
 */
public final class LogMel {
  /** Samples per second. */
  public static final int SAMPLE_RATE = 16_000;
  /** Samples per frame (30 ms). */
  public static final int WINDOW = 480;
  /** Samples between frame starts (20 ms). */
  public static final int HOP = 320;
  /** FFT length (the frame is zero-padded). */
  public static final int NFFT = 512;
  /** Mel bands per frame. */
  public static final int MELS = 40;
  /** Samples in the keyword model's window (one second). */
  public static final int CLIP = SAMPLE_RATE;
  /** Frames in a one-second window. */
  public static final int FRAMES = 1 + (CLIP - WINDOW) / HOP;
  private static final double FMIN = 20.0;
  private static final double FMAX = 7600.0;
  private static final double LOG_FLOOR = 1e-6;
  private static final int BINS = NFFT / 2 + 1;

  private static final double[] HANN = new double[WINDOW];
  private static final double[][] BANK = new double[MELS][BINS];
  private static final int[] BANK_FROM = new int[MELS];
  private static final int[] BANK_TO = new int[MELS];
  private static final int HALF = NFFT / 2;
  /** cos and -sin of 2πk/NFFT, k < NFFT/2: the half-size FFT's twiddles (every other one) and the split's. */
  private static final double[] COS = new double[HALF];
  private static final double[] SIN = new double[HALF];
  private static final int[] BITREV = new int[HALF];

  static {
    for (int n = 0; n < WINDOW; n++) {
      HANN[n] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * n / WINDOW);
    }
    double lo = hzToMel(FMIN);
    double hi = hzToMel(FMAX);
    double[] edges = new double[MELS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = melToHz(lo + (hi - lo) * i / (MELS + 1)); // as numpy.linspace(lo, hi, MELS + 2)
    }
    for (int m = 0; m < MELS; m++) {
      BANK_FROM[m] = BINS;
      for (int k = 0; k < BINS; k++) {
        double f = (double) k * SAMPLE_RATE / NFFT;
        double w = Math.max(0.0, Math.min((f - edges[m]) / (edges[m + 1] - edges[m]),
            (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])));
        BANK[m][k] = w;
        if (w > 0) {
          BANK_FROM[m] = Math.min(BANK_FROM[m], k);
          BANK_TO[m] = k + 1;
        }
      }
    }
    for (int k = 0; k < HALF; k++) {
      COS[k] = Math.cos(2.0 * Math.PI * k / NFFT);
      SIN[k] = -Math.sin(2.0 * Math.PI * k / NFFT);
    }
    int bits = Integer.numberOfTrailingZeros(HALF);
    for (int i = 0; i < HALF; i++) {
      BITREV[i] = Integer.reverse(i) >>> (32 - bits);
    }
  }

  private final double[] re = new double[HALF];
  private final double[] im = new double[HALF];
  private final double[] power = new double[BINS];

  private static double hzToMel(double f) {
    return 2595.0 * Math.log10(1.0 + f / 700.0);
  }

  private static double melToHz(double m) {
    return 700.0 * (Math.pow(10.0, m / 2595.0) - 1.0);
  }

  /**
   * Writes the {@value #MELS} log-mel values of the frame starting at {@code samples[from]} into
   * {@code out[to .. to + MELS)}.
   */
  public void frame(float[] samples, int from, float[] out, int to) {
    if (from < 0 || from + WINDOW > samples.length) {
      throw new AudioFormatException("a log-mel frame needs samples [" + from + ", " + (from + WINDOW)
          + ") but the buffer holds " + samples.length);
    }
    // the real frame packed as HALF complex points (even samples real, odd imaginary), bit-reversed
    for (int n = 0; n < HALF; n++) {
      int src = 2 * BITREV[n];
      re[n] = src < WINDOW ? samples[from + src] * HANN[src] : 0.0;
      im[n] = src + 1 < WINDOW ? samples[from + src + 1] * HANN[src + 1] : 0.0;
    }
    fft();
    // split the half-size transform Z into the real frame's X[k] = E[k] + W^k O[k], k = 0..HALF
    power[0] = sq(re[0] + im[0]);
    power[HALF] = sq(re[0] - im[0]);
    for (int k = 1; k < HALF; k++) {
      double ar = re[k];
      double ai = im[k];
      double br = re[HALF - k];
      double bi = -im[HALF - k];
      double er = 0.5 * (ar + br);
      double ei = 0.5 * (ai + bi);
      double or = 0.5 * (ai - bi);
      double oi = -0.5 * (ar - br);
      double xr = er + COS[k] * or - SIN[k] * oi;
      double xi = ei + COS[k] * oi + SIN[k] * or;
      power[k] = xr * xr + xi * xi;
    }
    for (int m = 0; m < MELS; m++) {
      double e = 0.0;
      for (int k = BANK_FROM[m]; k < BANK_TO[m]; k++) {
        e += power[k] * BANK[m][k];
      }
      out[to + m] = (float) Math.log(e + LOG_FLOOR);
    }
  }

  /** The {@code FRAMES × MELS} features of the one-second window starting at {@code samples[from]}. */
  public float[] window(float[] samples, int from, float[] out) {
    for (int f = 0; f < FRAMES; f++) {
      frame(samples, from + f * HOP, out, f * MELS);
    }
    return out;
  }

  private static double sq(double v) {
    return v * v;
  }

  /** In-place radix-2 decimation-in-time FFT of the HALF points (re, im), whose input is already bit-reversed. */
  private void fft() {
    for (int size = 2; size <= HALF; size <<= 1) {
      int half = size >> 1;
      int step = NFFT / size;   // twiddle e^{-2πij/size} = COS/SIN[j * NFFT / size]
      for (int start = 0; start < HALF; start += size) {
        for (int j = 0; j < half; j++) {
          double wr = COS[j * step];
          double wi = SIN[j * step];
          int a = start + j;
          int b = a + half;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}
