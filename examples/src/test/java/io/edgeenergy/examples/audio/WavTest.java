package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavTest {
  /** A canonical 44-byte-header PCM WAV. */
  static byte[] wav(int rate, int channels, int bits, short... samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
    b.put("data".getBytes()).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  @Test
  void readsPcmSamplesScaledToPlusMinusOne() {
    float[] x = Wav.parse(wav(16000, 1, 16, (short) 0, (short) 16384, (short) -32768), "ok.wav", 16000);
    assertThat(x).containsExactly(0f, 0.5f, -1f);
  }

  @Test
  void wrongSampleRateNamesTheFileTheRateAndTheFix() {
    assertThatThrownBy(() -> Wav.parse(wav(44100, 1, 16, (short) 1), "mic.wav", 16000))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("mic.wav").hasMessageContaining("44100 Hz").hasMessageContaining("16000")
        .hasMessageContaining("sox in.wav -r 16000");
  }

  @Test
  void truncatedFileIsRefusedNotReadShort() {
    byte[] full = wav(16000, 1, 16, new short[100]);
    byte[] cut = Arrays.copyOf(full, full.length - 50);
    assertThatThrownBy(() -> Wav.parse(cut, "cut.wav", 16000))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("cut.wav is truncated").hasMessageContaining("declares 200 bytes")
        .hasMessageContaining("holds 150");
    assertThatThrownBy(() -> Wav.parse(Arrays.copyOf(full, 30), "head.wav", 16000))
        .isInstanceOf(AudioFormatException.class).hasMessageContaining("head.wav is truncated");
  }

  @Test
  void stereoEightBitAndNonWavAreRefused() {
    assertThatThrownBy(() -> Wav.parse(wav(16000, 2, 16, (short) 1, (short) 2), "st.wav", 16000))
        .isInstanceOf(AudioFormatException.class).hasMessageContaining("2 channels");
    assertThatThrownBy(() -> Wav.parse(wav(16000, 1, 8, (short) 1), "8bit.wav", 16000))
        .isInstanceOf(AudioFormatException.class).hasMessageContaining("8-bit");
    assertThatThrownBy(() -> Wav.parse("not audio".getBytes(), "x.txt", 16000))
        .isInstanceOf(AudioFormatException.class).hasMessageContaining("not a RIFF/WAVE");
  }
}
