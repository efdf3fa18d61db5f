package io.edgeenergy.examples.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads 16-bit PCM mono WAV files into samples in [-1, 1). Everything else is refused with an
 * {@link AudioFormatException} that names the file and the fix: another sample rate (the chain's
 * features and Silero VAD assume one rate; resampling silently would hide a capture bug), more than
 * one channel, float or 8/24-bit samples, or a file cut short (its data chunk declares more bytes
 * than the file holds: a half-written recording must not pass as a shorter one).
 */
public final class Wav {
  private Wav() {}

  /** The samples of {@code file}, which must be 16-bit PCM mono at {@code expectedRate} Hz. */
  public static float[] read(Path file, int expectedRate) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read WAV file " + file, e);
    }
    return parse(bytes, file.toString(), expectedRate);
  }

  /** The samples of WAV {@code bytes}; {@code name} is used in error messages. */
  public static float[] parse(byte[] bytes, String name, int expectedRate) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new AudioFormatException(name + " is not a RIFF/WAVE file (" + bytes.length + " bytes)");
    }
    boolean haveFormat = false;
    int pos = 12;
    while (pos + 8 <= bytes.length) {
      int id = b.getInt(pos);
      long size = b.getInt(pos + 4) & 0xffffffffL;
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        if (body + 16 > bytes.length) {
          throw new AudioFormatException(name + " is truncated inside its fmt chunk");
        }
        checkFormat(b, body, name, expectedRate);
        haveFormat = true;
      } else if (id == 0x61746164) { // "data"
        if (!haveFormat) {
          throw new AudioFormatException(name + ": the data chunk comes before the fmt chunk");
        }
        if (body + size > bytes.length) {
          throw new AudioFormatException(name + " is truncated: its data chunk declares " + size
              + " bytes but the file holds " + (bytes.length - body) + " after the header; re-record or re-copy it");
        }
        float[] out = new float[(int) (size / 2)];
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getShort(body + 2 * i) / 32768f;
        }
        return out;
      }
      pos = body + (int) size + (int) (size & 1);
    }
    throw new AudioFormatException(name + " is truncated: no " + (haveFormat ? "data" : "fmt") + " chunk");
  }

  private static void checkFormat(ByteBuffer b, int at, String name, int expectedRate) {
    int format = b.getShort(at) & 0xffff;
    int channels = b.getShort(at + 2);
    int rate = b.getInt(at + 4);
    int bits = b.getShort(at + 14);
    if (format != 1 || bits != 16) {
      throw new AudioFormatException(name + " holds " + bits + "-bit samples in format " + format
          + "; the chain reads 16-bit PCM (format 1): convert with `sox in.wav -b 16 -e signed out.wav`");
    }
    if (channels != 1) {
      throw new AudioFormatException(name + " has " + channels + " channels; the chain reads mono: "
          + "`sox in.wav -c 1 out.wav`");
    }
    if (rate != expectedRate) {
      throw new AudioFormatException(name + " is sampled at " + rate + " Hz; the chain needs " + expectedRate
          + " Hz: resample with `sox in.wav -r " + expectedRate + " out.wav`");
    }
  }
}
