package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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
