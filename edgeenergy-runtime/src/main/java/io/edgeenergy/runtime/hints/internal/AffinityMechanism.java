package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.runtime.hints.CpuTopology;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-thread CPU affinity ({@code sched_setaffinity}) to the efficiency cluster for LOW and EFFICIENT
 * and to the performance cluster for BURST; BALANCED leaves it. The target is intersected with the
 * CPUs the thread was allowed before its outermost hint (a cgroup cpuset or the app's own pinning is
 * never widened), so a BURST nested in a LOW still reaches the big cores. Undo restores the exact
 * previous mask through the thread id, so it works from any thread.
 */
public final class AffinityMechanism extends LevelMechanism {
  private final SchedCalls sched;
  private final CpuTopology topology;
  private final Availability availability;
  /** Per thread id: the mask before its outermost scope, and how many scopes are open. */
  private final Map<Integer, Baseline> baselines = new ConcurrentHashMap<>();

  private static final class Baseline {
    final BitSet allowed;
    int depth;

    Baseline(BitSet allowed) {
      this.allowed = allowed;
    }
  }

  public AffinityMechanism(SchedCalls sched, Availability schedAvailability, CpuTopology topology) {
    super("affinity", "the affinity");
    this.sched = sched;
    this.topology = topology;
    if (!schedAvailability.available()) {
      this.availability = schedAvailability;
    } else if (topology.clusters().isEmpty()) {
      this.availability = Availability.unavailable("no CPUs listed under devices/system/cpu");
    } else if (!topology.heterogeneous()) {
      this.availability = Availability.unavailable("not useful: one cluster (" + topology.clusters().get(0) + ")");
    } else {
      this.availability = Availability.AVAILABLE;
    }
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  Applied applyLevel(HintLevel level) {
    CpuTopology.Cluster cluster = level == HintLevel.BURST ? topology.performance() : topology.efficiency();
    String which = level == HintLevel.BURST ? "performance" : "efficiency";
    try {
      int tid = sched.currentTid();
      BitSet before = sched.affinity(tid);
      Baseline baseline = baselines.computeIfAbsent(tid, t -> new Baseline(before));
      BitSet target = cluster.cpus();
      target.and(baseline.allowed);
      if (target.isEmpty()) {
        forgetIfUnused(tid, baseline);
        return Applied.skipped(name(), which + " cluster (" + cluster + ") has no CPU this thread may use (allowed "
            + CpuTopology.cpuList(baseline.allowed) + ")");
      }
      sched.setAffinity(tid, target);
      synchronized (baseline) {
        baseline.depth++;
      }
      return new Applied(HintOutcome.applied(name(), which + " cluster: cpus " + CpuTopology.cpuList(target)
          + " on tid " + tid + " (was " + CpuTopology.cpuList(before) + ")"), () -> {
            try {
              sched.setAffinity(tid, before);
            } finally {
              synchronized (baseline) {
                if (--baseline.depth == 0) {
                  baselines.remove(tid, baseline);
                }
              }
            }
          });
    } catch (SchedCalls.SchedException e) {
      return Applied.skipped(name(), e.getMessage());
    }
  }

  private void forgetIfUnused(int tid, Baseline baseline) {
    synchronized (baseline) {
      if (baseline.depth == 0) {
        baselines.remove(tid, baseline);
      }
    }
  }
}
