package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LogMelTest {
  @Test
  void fftAgreesWithAPlainDft() {
    float[] x = new float[LogMel.WINDOW];
    Random r = new Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.05 * r.nextGaussian());
    }
    float[] fast = new float[LogMel.MELS];
    new LogMel().frame(x, 0, fast, 0);
    float[] slow = slowFrame(x);
    for (int m = 0; m < LogMel.MELS; m++) {
      assertThat(fast[m]).as("mel %d", m).isCloseTo(slow[m], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  @Test
  void aToneLightsTheMelBandsAroundItsFrequency() {
    float[] x = new float[LogMel.CLIP];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
    }
    float[] f = new LogMel().window(x, 0, new float[LogMel.FRAMES * LogMel.MELS]);
    int best = 0;
    for (int m = 1; m < LogMel.MELS; m++) {
      best = f[m] > f[best] ? m : best;
    }
    // 1 kHz sits near mel band 13 of 40 between 20 and 7600 Hz (HTK scale)
    assertThat(best).isBetween(12, 15);
    assertThat(f[(LogMel.FRAMES - 1) * LogMel.MELS + best]).isEqualTo(f[best]);
  }

  /**
   * A tone on each of the bins the split and the radix-4 passes treat apart (1, the quarter bin 128 and
   * its neighbours, odd and even, the last bins the filters reach) lights the bands a plain DFT says.
   * Bins above 243 (7.6 kHz) and the Nyquist bin carry no filter weight, so no feature can show them.
   */
  @Test
  void tonesOnOddEvenAndQuarterBinsAgreeWithAPlainDft() {
    Random r = new Random(5);
    for (int bin : new int[] {1, 2, 3, 63, 64, 65, 126, 127, 128, 129, 130, 191, 192, 241, 242, 243}) {
      float[] x = new float[LogMel.WINDOW];
      double phase = 2 * Math.PI * r.nextDouble();
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (0.4 * Math.cos(2 * Math.PI * bin * i / LogMel.NFFT + phase) + 1e-3 * r.nextGaussian());
      }
      float[] fast = new float[LogMel.MELS];
      new LogMel().frame(x, 0, fast, 0);
      float[] slow = slowFrame(x);
      for (int m = 0; m < LogMel.MELS; m++) {
        assertThat(fast[m]).as("tone on bin %d, mel %d", bin, m).isCloseTo(slow[m], Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void aFrameEndingAtTheBuffersLastSampleReadsIt() {
    Random r = new Random(9);
    int from = 1000;
    float[] x = new float[from + LogMel.WINDOW];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.1 * r.nextGaussian());
    }
    LogMel logMel = new LogMel();
    float[] atEnd = new float[LogMel.MELS + 3];
    logMel.frame(x, from, atEnd, 3);
    float[] copy = Arrays.copyOfRange(x, from, x.length);
    float[] atStart = new float[LogMel.MELS];
    logMel.frame(copy, 0, atStart, 0);
    assertThat(Arrays.copyOfRange(atEnd, 3, atEnd.length)).containsExactly(atStart);

    x[x.length - 1] += 0.5f;   // the window's last weight is small but not zero
    float[] changed = new float[LogMel.MELS];
    logMel.frame(x, from, changed, 0);
    assertThat(changed).isNotEqualTo(atStart);
    assertThatThrownBy(() -> logMel.frame(x, from + 1, changed, 0))
        .isInstanceOf(AudioFormatException.class).hasMessageContaining("[1001, 1481)").hasMessageContaining("1480");
  }

  @Test
  void aNaNSampleGivesNaNFeaturesNotPlausibleNumbers() {
    float[] x = new float[LogMel.WINDOW];
    Arrays.fill(x, 0.01f);
    x[200] = Float.NaN;
    float[] out = new float[LogMel.MELS];
    new LogMel().frame(x, 0, out, 0);
    for (float v : out) {
      assertThat(v).isNaN();
    }
  }

  @Test
  void theTableLogAgreesWithMathLog() {
    Random r = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      double x = i % 2 == 0 ? Math.exp(60 * r.nextDouble() - 30) : 1 + 1e-3 * (r.nextDouble() - 0.5);
      assertThat(LogMel.log(x)).as("log(%s)", x).isCloseTo(Math.log(x), Offset.offset(1e-13));
    }
    assertThat(LogMel.log(1e-6)).isCloseTo(Math.log(1e-6), Offset.offset(1e-14));
    assertThat(LogMel.log(Math.nextDown(2.0))).isCloseTo(Math.log(2.0), Offset.offset(1e-15));
    assertThat(LogMel.log(Double.NaN)).isNaN();
    assertThat(LogMel.log(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(LogMel.log(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(LogMel.log(Double.MIN_VALUE)).isEqualTo(Math.log(Double.MIN_VALUE));
  }

  /** The same frame by an O(n²) DFT and a plain filterbank loop, straight from the definition. */
  private static float[] slowFrame(float[] x) {
    double lo = 2595 * Math.log10(1 + 20 / 700.0);
    double hi = 2595 * Math.log10(1 + 7600 / 700.0);
    double[] edges = new double[LogMel.MELS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = 700 * (Math.pow(10, (lo + (hi - lo) * i / (LogMel.MELS + 1)) / 2595) - 1);
    }
    double[] power = new double[LogMel.NFFT / 2 + 1];
    for (int k = 0; k < power.length; k++) {
      double re = 0;
      double im = 0;
      for (int n = 0; n < LogMel.WINDOW; n++) {
        double w = x[n] * (0.5 - 0.5 * Math.cos(2 * Math.PI * n / LogMel.WINDOW));
        re += w * Math.cos(2 * Math.PI * k * n / LogMel.NFFT);
        im -= w * Math.sin(2 * Math.PI * k * n / LogMel.NFFT);
      }
      power[k] = re * re + im * im;
    }
    float[] out = new float[LogMel.MELS];
    for (int m = 0; m < LogMel.MELS; m++) {
      double e = 0;
      for (int k = 0; k < power.length; k++) {
        double f = k * 16000.0 / LogMel.NFFT;
        e += power[k] * Math.max(0, Math.min((f - edges[m]) / (edges[m + 1] - edges[m]),
            (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])));
      }
      out[m] = (float) Math.log(e + 1e-6);
    }
    return out;
  }
}
