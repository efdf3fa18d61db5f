package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@link EnergyGate#dbfs}, unrolled eight ways, against the plain one-sum definition. */
class EnergyGateTest {
  private static double plainDbfs(float[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (double) x[i] * x[i];
    }
    return s <= 0 ? -120 : 10 * Math.log10(s / (to - from));
  }

  /** Lengths on both sides of every multiple of 8 and any start: the unrolled body and the tail agree. */
  @Test
  void everyLengthAndStartGivesThePlainSumsLevel() {
    Random r = new Random(3);
    float[] pcm = new float[600];
    float[] floats = new float[600];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (8000 * r.nextGaussian()) / 32768f;   // 16-bit PCM as Wav reads it
      floats[i] = (float) (0.2 * r.nextGaussian());
    }
    for (int from = 0; from < 9; from++) {
      for (int length : new int[] {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 511, 512, 513}) {
        int to = from + length;
        // 16-bit samples: squares and their sums are exact in a double, so any order gives the same level
        assertThat(EnergyGate.dbfs(pcm, from, to)).as("pcm [%d, %d)", from, to).isEqualTo(plainDbfs(pcm, from, to));
        assertThat(EnergyGate.dbfs(floats, from, to)).as("floats [%d, %d)", from, to)
            .isCloseTo(plainDbfs(floats, from, to), Offset.offset(1e-9));
      }
    }
  }

  /** One loud sample in a silent chunk counts wherever it sits, first, last or in the tail. */
  @Test
  void aLoudSampleCountsAtEveryPosition() {
    for (int length : new int[] {13, 512}) {
      for (int at = 0; at < length; at++) {
        float[] x = new float[length + 4];
        x[2 + at] = 0.5f;
        assertThat(EnergyGate.dbfs(x, 2, 2 + length)).as("sample %d of %d", at, length)
            .isCloseTo(10 * Math.log10(0.25 / length), Offset.offset(1e-12));
      }
    }
  }

  @Test
  void aFullScaleSineIsMinus3DbfsAndSilenceIsTheFloor() {
    float[] sine = new float[512];
    for (int i = 0; i < sine.length; i++) {
      sine[i] = (float) Math.sin(2 * Math.PI * 1000 * i / 16000.0);
    }
    assertThat(EnergyGate.dbfs(sine)).isCloseTo(-3.01, Offset.offset(0.01));
    assertThat(EnergyGate.dbfs(new float[512])).isEqualTo(-120);
  }
}
