package io.edgeenergy.runtime.meter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The real {@link CounterFile}: a {@link FileChannel} kept open, re-read from offset 0 into one buffer. */
final class ChannelCounterFile implements CounterFile {
  private final Path path;
  private final FileChannel ch;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(32);

  static ChannelCounterFile open(Path energyFile) throws IOException {
    return new ChannelCounterFile(energyFile, FileChannel.open(energyFile, StandardOpenOption.READ));
  }

  private ChannelCounterFile(Path path, FileChannel ch) {
    this.path = path;
    this.ch = ch;
  }

  @Override
  public void checkStillThere() throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "zone vanished");
    }
  }

  @Override
  public long readMicrojoules() throws IOException {
    buf.clear();
    int n = ch.read(buf, 0);
    if (n <= 0) {
      throw new IOException(path + " is empty");
    }
    if (n == buf.capacity()) {
      // a counter is at most 20 digits and a newline: a full buffer means more text was cut off
      throw new IOException(path + " holds more than " + (n - 1) + " bytes, not a counter");
    }
    long v = 0;
    int digits = 0;
    for (int i = 0; i < n; i++) {
      byte b = buf.get(i);
      if (b >= '0' && b <= '9') {
        // 19 digits can exceed a long: 9999999999999999902 used to wrap to a negative count
        // (found by RuntimeParsersFuzzTest#counterFile)
        if (v > (Long.MAX_VALUE - (b - '0')) / 10) {
          throw new IOException(path + " holds a number too large for a 64-bit counter");
        }
        digits++;
        v = v * 10 + (b - '0');
      } else if (b == '\n' && i == n - 1 && digits > 0) {
        break;
      } else {
        byte[] raw = new byte[n];
        buf.get(0, raw);
        throw new IOException(path + " holds '" + new String(raw, StandardCharsets.US_ASCII).trim() + "', not a counter");
      }
    }
    if (digits == 0) {
      throw new IOException(path + " is empty");
    }
    return v;
  }

  @Override
  public void close() {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing a sysfs fd cannot lose data
    }
  }
}
