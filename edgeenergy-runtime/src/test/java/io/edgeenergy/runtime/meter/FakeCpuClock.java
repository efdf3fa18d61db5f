package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.runtime.internal.CpuClock;

/** A CPU clock the test advances by hand. */
final class FakeCpuClock implements CpuClock {
  private final Availability availability;
  private long nanos;

  private FakeCpuClock(Availability availability, long startNanos) {
    this.availability = availability;
    this.nanos = startNanos;
  }

  static FakeCpuClock startingAt(long nanos) {
    return new FakeCpuClock(Availability.AVAILABLE, nanos);
  }

  static FakeCpuClock unavailable(String reason) {
    return new FakeCpuClock(Availability.unavailable(reason), 123_456_789);
  }

  void advanceNanos(long delta) {
    nanos += delta;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public long threadCpuNanos() {
    return nanos;
  }
}
