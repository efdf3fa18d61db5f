package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;

/**
 * Per-thread utilization clamps ({@code sched_setattr} with {@code SCHED_FLAG_UTIL_CLAMP_MIN|MAX},
 * Linux 5.3+ built with {@code CONFIG_UCLAMP_TASK}). The scheduler treats the thread as at least
 * {@code min} and at most {@code max} busy (0..1024) when it picks a CPU frequency (schedutil) and a
 * core (energy-aware scheduling), so a clamp steers both without touching any global setting.
 *
 * <p>Levels: LOW = [0, 256], EFFICIENT = [0, 512], BALANCED = left as found, BURST = [768, 1024].
 * The previous clamps are read with {@code sched_getattr} and written back on undo, through the
 * thread id, so undo works from any thread.
 */
public final class UclampMechanism extends LevelMechanism {
  private final SchedCalls sched;
  private final Availability availability;

  public UclampMechanism(SchedCalls sched, Availability schedAvailability) {
    super("uclamp", "the clamps");
    this.sched = sched;
    this.availability = schedAvailability.available() ? probe(sched) : schedAvailability;
  }

  /** {@code {min, max}} for {@code level}, or null for BALANCED. */
  public static int[] clamp(HintLevel level) {
    return switch (level) {
      case LOW -> new int[] {0, 256};
      case EFFICIENT -> new int[] {0, 512};
      case BALANCED -> null;
      case BURST -> new int[] {768, 1024};
    };
  }

  /** Writes the calling thread's current clamps back unchanged: the kernel's answer without side effects. */
  private static Availability probe(SchedCalls sched) {
    try {
      int tid = sched.currentTid();
      int[] current = sched.utilClamp(tid);
      sched.setUtilClamp(tid, current[0], current[1]);
      return Availability.AVAILABLE;
    } catch (SchedCalls.SchedException e) {
      return Availability.unavailable(explain(e));
    }
  }

  static String explain(SchedCalls.SchedException e) {
    String why = switch (e.errno()) {
      case 38 -> "; the kernel has no sched_setattr (before 3.14)";
      case 95 -> "; the kernel is built without CONFIG_UCLAMP_TASK";
      case 22, 7 -> "; the kernel predates utilization clamps (Linux 5.3) or rejects the values";
      case 1 -> "; not permitted (CAP_SYS_NICE is needed beyond the cgroup/system clamp limits)";
      default -> "";
    };
    return e.getMessage() + why;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  Applied applyLevel(HintLevel level) {
    int[] target = clamp(level);
    try {
      int tid = sched.currentTid();
      int[] before = sched.utilClamp(tid);
      sched.setUtilClamp(tid, target[0], target[1]);
      return new Applied(HintOutcome.applied(name(), "uclamp.min=" + target[0] + " max=" + target[1]
          + " on tid " + tid + " (was " + before[0] + "/" + before[1] + ")"),
          () -> sched.setUtilClamp(tid, before[0], before[1]));
    } catch (SchedCalls.SchedException e) {
      return Applied.skipped(name(), explain(e));
    }
  }
}
