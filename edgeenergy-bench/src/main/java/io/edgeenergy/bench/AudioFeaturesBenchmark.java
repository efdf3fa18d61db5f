package io.edgeenergy.bench;

import io.edgeenergy.examples.audio.AudioFormatException;
import io.edgeenergy.examples.audio.ClipPool;
import io.edgeenergy.examples.audio.EnergyGate;
import io.edgeenergy.examples.audio.LogMel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyword chain's two plain-Java stages on real audio (every clip of {@code models/audio/pool},
 * concatenated, as {@link ClipPool} reads them): one {@link LogMel#frame} and one
 * {@link EnergyGate#dbfs} of a 512-sample chunk, each next to a verbatim copy of the code it
 * replaced, so the ratios come from one run on one (noisy) machine. Every call takes the next frame
 * (20 ms hop) or chunk, wrapping at the end: real spectra, no constant input the JIT could exploit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AudioFeaturesBenchmark {
  private static final int CHUNK = 512;
  private float[] audio;
  private final LogMel logMel = new LogMel();
  private final BaselineLogMel baseline = new BaselineLogMel();
  private final float[] out = new float[LogMel.MELS];
  private int frame;
  private int chunk;

  @Setup(Level.Trial)
  public void setUp() {
    List<ClipPool.Clip> clips = ClipPool.load(BenchModels.dir().getParent().resolve("audio")).clips();
    audio = new float[clips.stream().mapToInt(c -> c.samples().length).sum()];
    int at = 0;
    for (ClipPool.Clip c : clips) {
      System.arraycopy(c.samples(), 0, audio, at, c.samples().length);
      at += c.samples().length;
    }
    float[] a = new float[LogMel.MELS];
    float[] b = new float[LogMel.MELS];
    double worst = 0;
    for (int f = 0; f + LogMel.WINDOW <= audio.length; f += LogMel.HOP) {
      logMel.frame(audio, f, a, 0);
      baseline.frame(audio, f, b, 0);
      for (int m = 0; m < a.length; m++) {
        worst = Math.max(worst, Math.abs(a[m] - b[m]));
      }
    }
    System.out.printf("%d clips, %.1f s of audio; max |log-mel - baseline| %.2e%n",
        clips.size(), audio.length / (double) LogMel.SAMPLE_RATE, worst);
  }

  private int nextFrame() {
    int from = frame;
    frame = frame + LogMel.HOP + LogMel.WINDOW > audio.length ? 0 : frame + LogMel.HOP;
    return from;
  }

  private int nextChunk() {
    int from = chunk;
    chunk = chunk + 2 * CHUNK > audio.length ? 0 : chunk + CHUNK;
    return from;
  }

  /** One 40-band log-mel frame, {@link LogMel#frame} as it is now. */
  @Benchmark
  public float logMelFrame() {
    logMel.frame(audio, nextFrame(), out, 0);
    return out[LogMel.MELS - 1];
  }

  /** The same frame by the previous implementation (baseline). */
  @Benchmark
  public float logMelFrameBaseline() {
    baseline.frame(audio, nextFrame(), out, 0);
    return out[LogMel.MELS - 1];
  }

  /** dBFS of one 512-sample chunk, {@link EnergyGate#dbfs} as it is now. */
  @Benchmark
  public double dbfsChunk() {
    int from = nextChunk();
    return EnergyGate.dbfs(audio, from, from + CHUNK);
  }

  /** The same chunk by the previous implementation (baseline: one running sum). */
  @Benchmark
  public double dbfsChunkBaseline() {
    int from = nextChunk();
    return baselineDbfs(audio, from, from + CHUNK);
  }

  /** Baseline, previous {@code EnergyGate.dbfs} (main 42a50c6), verbatim. */
  static double baselineDbfs(float[] samples, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (double) samples[i] * samples[i];
    }
    return s <= 0 ? -120 : 10 * Math.log10(s / (to - from));
  }

  /**
   * Baseline, previous {@code LogMel.frame} (main 42a50c6): radix-2 FFT with the {@code j * step}
   * twiddle walk, a separate windowed bit-reversed load, a 2-D filterbank and {@code Math.log}.
   * Kept here only to measure against; constants come from {@link LogMel}.
   */
  static final class BaselineLogMel {
    private static final int SAMPLE_RATE = LogMel.SAMPLE_RATE;
    private static final int WINDOW = LogMel.WINDOW;
    private static final int NFFT = LogMel.NFFT;
    private static final int MELS = LogMel.MELS;
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

    void frame(float[] samples, int from, float[] out, int to) {
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
}
