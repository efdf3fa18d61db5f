package io.edgeenergy.runtime.hints.internal;

import java.util.BitSet;

/**
 * The scheduler system calls the per-thread hint mechanisms need. {@link LinuxSched} makes them
 * through JNA; tests substitute a fake where the machine cannot show what a call would do (a second
 * CPU cluster, a kernel without uclamp). A failed call throws {@link SchedException} with the errno.
 */
public interface SchedCalls {
  /** The kernel thread id of the calling thread ({@code gettid}). */
  int currentTid();

  /** {@code sched_getattr}: the thread's utilization clamps as {@code {min, max}} on the 0..1024 scale. */
  int[] utilClamp(int tid);

  /** {@code sched_setattr} with {@code SCHED_FLAG_UTIL_CLAMP_MIN|MAX}, keeping policy and nice value. */
  void setUtilClamp(int tid, int min, int max);

  /** {@code sched_getaffinity}: the CPUs the thread may run on. */
  BitSet affinity(int tid);

  /** {@code sched_setaffinity}. */
  void setAffinity(int tid, BitSet cpus);

  /** A failed system call: the errno and its symbolic name. */
  final class SchedException extends RuntimeException {
    private final int errno;

    public SchedException(String call, int errno, String text) {
      super(call + " failed: " + errnoName(errno) + " (" + text + ")");
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }

    /** The symbolic errno names the scheduler calls return; the number otherwise. */
    public static String errnoName(int errno) {
      return switch (errno) {
        case 1 -> "EPERM";
        case 3 -> "ESRCH";
        case 7 -> "E2BIG";
        case 13 -> "EACCES";
        case 14 -> "EFAULT";
        case 16 -> "EBUSY";
        case 22 -> "EINVAL";
        case 38 -> "ENOSYS";
        case 95 -> "EOPNOTSUPP";
        default -> "errno " + errno;
      };
    }
  }
}
