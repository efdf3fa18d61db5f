package io.edgeenergy.examples.audio;

/**
 * Log-mel features of 16 kHz audio, the keyword models' input, computed exactly as
 * {@code models/audio/logmel.py} computes them for training (the committed reference features agree
 * within the bound stated in {@code KeywordModelTest}).
 *
 * <p>One frame: {@value #WINDOW} samples (30 ms) under a periodic Hann window, zero-padded to a
 * {@value #NFFT}-point FFT; power spectrum; {@value #MELS} triangular mel filters (HTK mel scale,
 * edges equally spaced in mel from 20 Hz to 7600 Hz, unnormalized); natural log of (energy + 1e-6).
 * Frames start every {@value #HOP} samples (20 ms), so a one-second window of 16,000 samples has
 * {@value #FRAMES} frames and the model input is {@code FRAMES × MELS} values, time-major.
 *
 * <p>Arithmetic is in double, like numpy's, so the only differences are rounding (in float the
 * reference differs by up to 9e-5, above the bound). Not thread-safe: an instance owns its scratch
 * buffers so a frame allocates nothing.
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
  private static final int HALF = NFFT / 2;
  private static final int QUARTER = NFFT / 4;

  // The real frame is packed as HALF complex points (even samples real, odd imaginary) and loaded in
  // bit-reversed order: point n comes from samples SRC[n], SRC[n] + 1 under Hann weights EVEN[n], ODD[n].
  // The 16 points past the window (zero padding) read the frame's first two samples with weight 0: the
  // window's first weight is 0 already, so they add nothing that sample 0 does not (NaN stays NaN).
  private static final int[] SRC = new int[HALF];
  private static final double[] EVEN = new double[HALF];
  private static final double[] ODD = new double[HALF];
  /** Pass by pass (h = 4, 16, 64), six values per j < h: W^j, W^2j, W^3j (re, im), W = e^{-2πi/4h}. */
  private static final double[] TWIDDLES = new double[6 * (4 + 16 + 64)];
  /** cos and -sin of 2πk/NFFT, k < NFFT/4: the split's twiddles. */
  private static final double[] COS = new double[QUARTER];
  private static final double[] SIN = new double[QUARTER];
  /** Filter m's nonzero weights, for bins BANK_FROM[m] .. BANK_TO[m), at WEIGHTS[BANK_AT[m] ..], times 1/4. */
  private static final double[] WEIGHTS;
  private static final int[] BANK_FROM = new int[MELS];
  private static final int[] BANK_TO = new int[MELS];
  private static final int[] BANK_AT = new int[MELS];
  /** log: 1/c and log(c) for c = 1 + j/256, j = 0..256 (see {@link #log}). */
  private static final double[] INV_C = new double[257];
  private static final double[] LOG_C = new double[257];
  private static final double LN2 = Math.log(2.0);

  static {
    double[] hann = new double[WINDOW];
    for (int n = 0; n < WINDOW; n++) {
      hann[n] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * n / WINDOW);
    }
    int bits = Integer.numberOfTrailingZeros(HALF);
    for (int n = 0; n < HALF; n++) {
      int src = 2 * (Integer.reverse(n) >>> (32 - bits));
      if (src < WINDOW) {
        SRC[n] = src;
        EVEN[n] = hann[src];
        ODD[n] = hann[src + 1];
      }
    }
    for (int h = 4, at = 0; h < HALF; at += 6 * h, h *= 4) {
      for (int j = 0; j < h; j++) {
        for (int p = 1; p <= 3; p++) {
          double angle = -2.0 * Math.PI * p * j / (4 * h);
          TWIDDLES[at + 6 * j + 2 * (p - 1)] = Math.cos(angle);
          TWIDDLES[at + 6 * j + 2 * (p - 1) + 1] = Math.sin(angle);
        }
      }
    }
    for (int k = 0; k < QUARTER; k++) {
      COS[k] = Math.cos(2.0 * Math.PI * k / NFFT);
      SIN[k] = -Math.sin(2.0 * Math.PI * k / NFFT);
    }
    double lo = hzToMel(FMIN);
    double hi = hzToMel(FMAX);
    double[] edges = new double[MELS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = melToHz(lo + (hi - lo) * i / (MELS + 1)); // as numpy.linspace(lo, hi, MELS + 2)
    }
    double[] bank = new double[MELS * BINS];
    int count = 0;
    for (int m = 0; m < MELS; m++) {
      BANK_FROM[m] = BINS;
      for (int k = 0; k < BINS; k++) {
        double f = (double) k * SAMPLE_RATE / NFFT;
        double w = Math.max(0.0, Math.min((f - edges[m]) / (edges[m + 1] - edges[m]),
            (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])));
        bank[m * BINS + k] = w;
        if (w > 0) {
          BANK_FROM[m] = Math.min(BANK_FROM[m], k);
          BANK_TO[m] = k + 1;
        }
      }
      BANK_AT[m] = count;
      count += BANK_TO[m] - BANK_FROM[m];
    }
    WEIGHTS = new double[count];
    for (int m = 0; m < MELS; m++) {
      for (int k = BANK_FROM[m]; k < BANK_TO[m]; k++) {
        // the split below yields 2X, so |2X|² = 4|X|²; 1/4 is a power of two: exact, same rounding
        WEIGHTS[BANK_AT[m] + k - BANK_FROM[m]] = 0.25 * bank[m * BINS + k];
      }
    }
    for (int j = 0; j <= 256; j++) {
      INV_C[j] = 1.0 / (1.0 + j / 256.0);
      LOG_C[j] = -Math.log(INV_C[j]);   // log of the c that INV_C really inverts
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
    double[] re = this.re;
    double[] im = this.im;
    // load, window and the first radix-4 pass (its twiddles are all 1; W^h = -i) in one sweep
    for (int a = 0; a < HALF; a += 4) {
      int s0 = from + SRC[a];
      int s1 = from + SRC[a + 1];
      int s2 = from + SRC[a + 2];
      int s3 = from + SRC[a + 3];
      double x0r = samples[s0] * EVEN[a], x0i = samples[s0 + 1] * ODD[a];
      double x1r = samples[s1] * EVEN[a + 1], x1i = samples[s1 + 1] * ODD[a + 1];
      double x2r = samples[s2] * EVEN[a + 2], x2i = samples[s2 + 1] * ODD[a + 2];
      double x3r = samples[s3] * EVEN[a + 3], x3i = samples[s3 + 1] * ODD[a + 3];
      double pr = x0r + x1r, pi = x0i + x1i, mr = x0r - x1r, mi = x0i - x1i;
      double qr = x2r + x3r, qi = x2i + x3i, dr = x2r - x3r, di = x2i - x3i;
      re[a] = pr + qr; im[a] = pi + qi;
      re[a + 1] = mr + di; im[a + 1] = mi - dr;
      re[a + 2] = pr - qr; im[a + 2] = pi - qi;
      re[a + 3] = mr - di; im[a + 3] = mi + dr;
    }
    for (int h = 4, at = 0; h < HALF; at += 6 * h, h *= 4) {
      pass(re, im, h, at);
    }
    // Z = E + iO, with E and O the spectra of the even and odd samples (both Hermitian), so
    // X[k] = E[k] + W^k O[k] and X[HALF - k] = conj(E[k] - W^k O[k]), W = e^{-2πi/NFFT}: one twiddle
    // product serves two bins. er..oi are 2E and 2O (no halving; the weights carry the 1/4).
    power[0] = 4 * sq(re[0] + im[0]);
    power[HALF] = 4 * sq(re[0] - im[0]);
    power[QUARTER] = 4 * (sq(re[QUARTER]) + sq(im[QUARTER]));   // E, O real there; W^QUARTER = -i
    for (int k = 1; k < QUARTER; k++) {
      double ar = re[k], ai = im[k], br = re[HALF - k], bi = im[HALF - k];
      double er = ar + br, ei = ai - bi, or = ai + bi, oi = br - ar;
      double tr = COS[k] * or - SIN[k] * oi;
      double ti = COS[k] * oi + SIN[k] * or;
      power[k] = sq(er + tr) + sq(ei + ti);
      power[HALF - k] = sq(er - tr) + sq(ei - ti);
    }
    for (int m = 0; m < MELS; m++) {
      double e = 0.0;
      int w = BANK_AT[m] - BANK_FROM[m];
      for (int k = BANK_FROM[m]; k < BANK_TO[m]; k++) {
        e += power[k] * WEIGHTS[w + k];
      }
      out[to + m] = (float) log(e + LOG_FLOOR);
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

  /**
   * One radix-4 pass over blocks of 4h points of the bit-reversed input, in place: each block joins
   * four h-point transforms (3 complex products where two radix-2 passes take 4). Twiddles outer,
   * blocks inner: each triple is loaded once per pass. The butterfly is written out here and in the
   * first pass: a 12-argument helper was not always inlined (measured ~10 % slower a frame).
   */
  private static void pass(double[] re, double[] im, int h, int at) {
    for (int j = 0; j < h; j++) {
      int t = at + 6 * j;
      double w1r = TWIDDLES[t];
      double w1i = TWIDDLES[t + 1];
      double w2r = TWIDDLES[t + 2];
      double w2i = TWIDDLES[t + 3];
      double w3r = TWIDDLES[t + 4];
      double w3i = TWIDDLES[t + 5];
      for (int i0 = j; i0 < HALF; i0 += 4 * h) {
        int i1 = i0 + h;
        int i2 = i1 + h;
        int i3 = i2 + h;
        // bit-reversed order holds the quarter transforms at i0, i1, i2, i3 for residues 0, 2, 1, 3
        double b1r = re[i1] * w2r - im[i1] * w2i, b1i = re[i1] * w2i + im[i1] * w2r;
        double b2r = re[i2] * w1r - im[i2] * w1i, b2i = re[i2] * w1i + im[i2] * w1r;
        double b3r = re[i3] * w3r - im[i3] * w3i, b3i = re[i3] * w3i + im[i3] * w3r;
        double pr = re[i0] + b1r, pi = im[i0] + b1i, mr = re[i0] - b1r, mi = im[i0] - b1i;
        double qr = b2r + b3r, qi = b2i + b3i, dr = b2r - b3r, di = b2i - b3i;
        re[i0] = pr + qr; im[i0] = pi + qi;
        re[i1] = mr + di; im[i1] = mi - dr;   // W^h = -i times (b2 - b3)
        re[i2] = pr - qr; im[i2] = pi - qi;
        re[i3] = mr - di; im[i3] = mi + dr;
      }
    }
  }

  /**
   * Natural log, cheaper than the {@code Math.log} intrinsic (a frame's 40 were ~0.3 µs of ~2) and
   * within ~1e-14 of it: x = 2^e · m with m in [1, 2); c = 1 + j/256 is the nearest table point, so
   * r = m/c - 1 is within ±2^-9 and four terms of log(1 + r) leave an error below r^5/5 ≈ 6e-15, far
   * under float rounding (the features' type). Zero, subnormal, infinite and NaN take {@code Math.log}.
   */
  static double log(double x) {
    if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
      return Math.log(x);
    }
    long bits = Double.doubleToRawLongBits(x);
    int exponent = (int) (bits >>> 52) - 1023;
    double m = Double.longBitsToDouble((bits & 0x000f_ffff_ffff_ffffL) | 0x3ff0_0000_0000_0000L);
    int j = ((int) (bits >>> 43 & 511) + 1) >>> 1;   // the top 9 mantissa bits, rounded to 8
    double r = m * INV_C[j] - 1.0;
    double r2 = r * r;
    return exponent * LN2 + LOG_C[j] + (r - 0.5 * r2 + r2 * r * (1.0 / 3 - 0.25 * r));
  }
}
