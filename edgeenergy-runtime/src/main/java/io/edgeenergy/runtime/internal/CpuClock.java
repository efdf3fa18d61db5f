package io.edgeenergy.runtime.internal;

import io.edgeenergy.Availability;

/**
 * CPU time of the calling thread: the estimator's time source, an interface so tests inject a fake.
 * Implementations probe once at construction and never throw from {@link #threadCpuNanos()}.
 */
public interface CpuClock {
  /** Whether {@link #threadCpuNanos()} measures anything here, and if not, why. */
  Availability availability();

  /**
   * CPU time (user + system) the calling thread has used, in nanoseconds; monotonic per thread.
   * Returns 0 when unavailable. Must not allocate.
   */
  long threadCpuNanos();

  /** The JVM's {@code ThreadMXBean}, probed once now. */
  static CpuClock threadMxBean() {
    return ThreadMxBeanCpuClock.probe();
  }
}
