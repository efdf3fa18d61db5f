package io.edgeenergy.runtime.meter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One hardware energy counter file in µJ (powercap {@code energy_uj}, hwmon {@code energyN_input}),
 * read by {@link CounterMeter}'s sampler; the real one ({@link #open(Path)}) keeps a
 * {@link java.nio.channels.FileChannel} open and re-reads it from offset 0 into one buffer. A seam:
 * tests wrap it to simulate EACCES (we run as root), vanishing zones and garbage.
 */
public interface CounterFile extends AutoCloseable {
  /** The real counter file: opened once, re-read in place without allocating. */
  static CounterFile open(Path energyFile) throws IOException {
    return ChannelCounterFile.open(energyFile);
  }

  /** The counter's raw text value in µJ; throws on any I/O problem (EACCES, ENODEV, ENOENT). */
  long readMicrojoules() throws IOException;

  /**
   * Off-hot-path check, called by the sampler, that the zone still exists (sysfs answers ENODEV on a
   * removed zone's open fd; a regular file in a test tree stays readable after unlink).
   */
  default void checkStillThere() throws IOException {}

  @Override
  void close();
}
