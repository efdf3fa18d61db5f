package io.edgeenergy.runtime.internal;

import io.edgeenergy.Availability;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link CpuClock} over {@link ThreadMXBean#getCurrentThreadCpuTime()}. On Linux HotSpot one read is
 * a {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)} system call: 2-4 µs on a typical x86 VM. The
 * probe checks support and the enabled flag once; it never turns measurement on itself, since that
 * flag is JVM-wide and someone may have turned it off on purpose.
 */
final class ThreadMxBeanCpuClock implements CpuClock {
  private final ThreadMXBean bean;
  private final Availability availability;

  private ThreadMxBeanCpuClock(ThreadMXBean bean, Availability availability) {
    this.bean = bean;
    this.availability = availability;
  }

  static CpuClock probe() {
    try {
      return of(ManagementFactory.getThreadMXBean());
    } catch (RuntimeException | LinkageError e) {
      return new ThreadMxBeanCpuClock(null,
          Availability.unavailable("java.lang.management is not usable here: " + e));
    }
  }

  static CpuClock of(ThreadMXBean bean) {
    if (!bean.isCurrentThreadCpuTimeSupported()) {
      return new ThreadMxBeanCpuClock(null, Availability.unavailable(
          "this JVM does not support per-thread CPU time (ThreadMXBean.isCurrentThreadCpuTimeSupported() is false)"));
    }
    if (!bean.isThreadCpuTimeEnabled()) {
      return new ThreadMxBeanCpuClock(null, Availability.unavailable(
          "per-thread CPU time is disabled in this JVM (ThreadMXBean.isThreadCpuTimeEnabled() is false); "
              + "call ManagementFactory.getThreadMXBean().setThreadCpuTimeEnabled(true) before creating the meter"));
    }
    return new ThreadMxBeanCpuClock(bean, Availability.AVAILABLE);
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public long threadCpuNanos() {
    if (bean == null) {
      return 0;
    }
    try {
      long nanos = bean.getCurrentThreadCpuTime();
      return nanos < 0 ? 0 : nanos;    // -1 if measurement was disabled after the probe
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "ThreadMXBean CPU clock (" + availability + ")";
  }
}
