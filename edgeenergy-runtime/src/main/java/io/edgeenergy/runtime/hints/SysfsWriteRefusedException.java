package io.edgeenergy.runtime.hints;

import io.edgeenergy.EdgeEnergyException;
import java.nio.file.Path;

/**
 * A sysfs write the hints refuse to make because the path is outside the allow-list of cpufreq and
 * devfreq limit nodes (see {@link LinuxPerformanceHints}). Also raised when a journal left by another
 * process names such a path: the rollback never writes where a hint could not have written.
 */
public class SysfsWriteRefusedException extends EdgeEnergyException {
  public SysfsWriteRefusedException(Path path, String why) {
    super("refusing to write " + path + ": " + why);
  }
}
