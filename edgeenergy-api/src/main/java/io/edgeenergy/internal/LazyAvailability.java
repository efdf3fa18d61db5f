package io.edgeenergy.internal;

import io.edgeenergy.Availability;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A backend's availability, probed once on first use (that is when a native library loads) and then
 * remembered. Thread-safe. Not part of the public API.
 */
public final class LazyAvailability {
  private final Supplier<Availability> probe;
  private volatile Availability value;

  /** Remembers what {@code probe} says the first time it is asked. */
  public LazyAvailability(Supplier<Availability> probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /** The availability, probing now if nobody has yet. */
  public Availability get() {
    Availability a = value;
    if (a == null) {
      synchronized (this) {
        a = value;
        if (a == null) {
          a = probe.get();
          value = a;
        }
      }
    }
    return a;
  }

  /** For a backend's {@code toString()}: the availability, or that it was not probed yet. */
  @Override
  public String toString() {
    Availability a = value;
    return a == null ? "not probed yet" : a.toString();
  }
}
