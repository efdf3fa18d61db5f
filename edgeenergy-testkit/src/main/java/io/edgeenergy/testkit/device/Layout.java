package io.edgeenergy.testkit.device;

/**
 * One real device's sysfs layout and units, copied from the testkit's fixture archives
 * ({@code src/main/resources/io/edgeenergy/testkit/sysfs/}, which name their sources): what the tree
 * holds, and how the power and energy of the moment become file values.
 */
abstract class Layout {
  private final String valueFile;
  private final String zoneDir;
  private final boolean counter;
  private final double quantum;
  private final String description;

  /**
   * @param valueFile the file a meter reads (relative): the target of dropouts, garbage and EACCES
   * @param zoneDir the directory that vanishes and returns (relative)
   * @param counter whether a meter reads an energy counter here, rather than sampling a power sensor
   * @param quantum the largest rounding error of one value: nJ for a counter, µW for a power sensor
   * @param description the device and the fixture archive copied, for reports
   */
  Layout(String valueFile, String zoneDir, boolean counter, double quantum, String description) {
    this.valueFile = valueFile;
    this.zoneDir = zoneDir;
    this.counter = counter;
    this.quantum = quantum;
    this.description = description;
  }

  /** Writes the nodes that never change and the first values. */
  abstract void create(TreeFiles f);

  /** Writes the values for power {@code uw} (µW) and energy {@code nj} (nJ) spent since the start. */
  abstract void write(TreeFiles f, double uw, double nj, boolean valueFileHealthy);

  /** Puts garbage in the value file. */
  void garbage(TreeFiles f) {
    f.put(valueFile, "garbage");
  }

  /** Reads are refused ({@code on}) or allowed again, where the refusal is not a file read (a command). */
  void denied(TreeFiles f, boolean on) {}

  /** An energy counter restarts from 0 now, at {@code nj} spent; power sensors have none. */
  void reset(double nj) {}

  final String valueFile() {
    return valueFile;
  }

  final String zoneDir() {
    return zoneDir;
  }

  final boolean counter() {
    return counter;
  }

  /** The largest error one power value's rounding to the file's unit adds (µW); counters: 0. */
  final double quantizationMicrowatts() {
    return counter ? 0 : quantum;
  }

  /** The largest error of one counter value's rounding (nJ); power sensors: 0. */
  final double counterQuantumNanojoules() {
    return counter ? quantum : 0;
  }

  final String describe() {
    return description;
  }
}
