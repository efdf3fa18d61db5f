package io.edgeenergy.runtime.profile;

import io.edgeenergy.Power;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of identical cores sharing a frequency (e.g. the "big" cores of a big.LITTLE SoC), with the
 * active power of one busy core at each frequency, sorted by frequency. Part of a {@link PowerProfile}.
 */
public record CpuCluster(String name, int cores, List<OperatingPoint> points) {
  public CpuCluster {
    if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("cluster name must match [A-Za-z0-9_-]+, was '" + name + "'");
    }
    if (cores < 1) {
      throw new IllegalArgumentException("cluster " + name + ": cores must be >= 1, was " + cores);
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("cluster " + name + ": needs at least one operating point");
    }
    List<OperatingPoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingLong(OperatingPoint::frequencyKhz));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).frequencyKhz() == sorted.get(i - 1).frequencyKhz()) {
        throw new IllegalArgumentException("cluster " + name + ": two points at "
            + sorted.get(i).frequencyKhz() + " kHz");
      }
    }
    points = List.copyOf(sorted);
  }

  public OperatingPoint lowest() {
    return points.get(0);
  }

  public OperatingPoint highest() {
    return points.get(points.size() - 1);
  }

  /**
   * Active power per busy core at {@code frequencyKhz}: exact at a point, linear between the two
   * nearest points (rounded to the µW), clamped to the lowest/highest point outside them.
   */
  public Power activePowerPerCore(long frequencyKhz) {
    if (frequencyKhz < 1) {
      throw new IllegalArgumentException("frequencyKhz must be >= 1 kHz, was " + frequencyKhz);
    }
    if (frequencyKhz <= lowest().frequencyKhz()) {
      return lowest().activePowerPerCore();
    }
    if (frequencyKhz >= highest().frequencyKhz()) {
      return highest().activePowerPerCore();
    }
    int hi = 1;
    while (points.get(hi).frequencyKhz() < frequencyKhz) {
      hi++;
    }
    OperatingPoint b = points.get(hi);
    if (b.frequencyKhz() == frequencyKhz) {
      return b.activePowerPerCore();
    }
    OperatingPoint a = points.get(hi - 1);
    double t = (double) (frequencyKhz - a.frequencyKhz()) / (b.frequencyKhz() - a.frequencyKhz());
    long from = a.activePowerPerCore().microwatts();
    long to = b.activePowerPerCore().microwatts();
    return Power.ofMicrowatts(Math.round(from + (to - from) * t));
  }
}
