package io.edgeenergy.runtime.profile;

import io.edgeenergy.Power;
import java.util.Objects;

/** Active power of one busy core of a {@link CpuCluster} at one frequency (a point of a {@link PowerProfile}). */
public record OperatingPoint(long frequencyKhz, Power activePowerPerCore) {
  public OperatingPoint {
    if (frequencyKhz < 1) {
      throw new IllegalArgumentException("frequencyKhz must be >= 1 kHz, was " + frequencyKhz);
    }
    Objects.requireNonNull(activePowerPerCore, "activePowerPerCore");
    if (activePowerPerCore.microwatts() == 0) {
      throw new IllegalArgumentException("activePowerPerCore must be > 0 at " + frequencyKhz + " kHz");
    }
  }

  @Override
  public String toString() {
    return frequencyKhz + " kHz: " + activePowerPerCore;
  }
}
