package io.edgeenergy.testkit.device;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that goes wrong on a simulated device at a time into its trace, for a while: what real
 * devices do to a meter. Counter wraps need no fault: a RAPL device wraps at its (small) range.
 *
 * @param kind what happens
 * @param at when, after the device started
 * @param lasting for how long; the device is healthy again afterwards (a reset is instantaneous)
 */
public record DeviceFault(Kind kind, Duration at, Duration lasting) {
  /** The faults a device can show. */
  public enum Kind {
    /** The sensor's value file disappears (an I2C read error, a driver unbinding one channel). */
    DROPOUT,
    /** The value file holds garbage ({@code "garbage"}, an empty line, a negative number). */
    GARBAGE,
    /** Reads fail with EACCES (a udev rule or an LSM revoking access), injected by {@link SysfsGate}. */
    DENIED,
    /** The whole zone or chip directory vanishes, then comes back (module unloaded and reloaded). */
    VANISH,
    /** An energy counter restarts from 0 (the driver reloaded); only for counter devices. */
    RESET
  }

  public DeviceFault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(lasting, "lasting");
    if (at.isNegative() || lasting.isNegative()) {
      throw new IllegalArgumentException("a fault needs a time and a duration >= 0, was at " + at + " lasting " + lasting);
    }
  }

  /** {@code kind} from {@code at} for {@code lasting}. */
  public static DeviceFault of(Kind kind, Duration at, Duration lasting) {
    return new DeviceFault(kind, at, lasting);
  }

  long startNanos() {
    return at.toNanos();
  }

  long endNanos() {
    return at.toNanos() + lasting.toNanos();
  }
}
