package io.edgeenergy.runtime.hints;

import io.edgeenergy.runtime.hints.internal.SchedCalls;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Scheduler calls for a machine the test describes: per-thread clamps and masks kept in maps, and an
 * errno to fail {@code sched_setattr} with, as a kernel without uclamp or a locked-down one would.
 */
final class FakeSched implements SchedCalls {
  final Map<Integer, int[]> clamps = new HashMap<>();
  final Map<Integer, BitSet> masks = new HashMap<>();
  private final BitSet allCpus;
  int setattrErrno;
  int tid = 4242;

  FakeSched(String allowed) {
    this.allCpus = CpuTopology.parseCpuList(allowed);
  }

  @Override
  public int currentTid() {
    return tid;
  }

  @Override
  public synchronized int[] utilClamp(int tid) {
    return clamps.getOrDefault(tid, new int[] {0, 1024}).clone();
  }

  @Override
  public synchronized void setUtilClamp(int tid, int min, int max) {
    if (setattrErrno != 0) {
      throw new SchedException("sched_setattr", setattrErrno, "refused by the fake kernel");
    }
    clamps.put(tid, new int[] {min, max});
  }

  @Override
  public synchronized BitSet affinity(int tid) {
    return (BitSet) masks.getOrDefault(tid, allCpus).clone();
  }

  @Override
  public synchronized void setAffinity(int tid, BitSet cpus) {
    if (!cpus.intersects(allCpus)) {
      throw new SchedException("sched_setaffinity", 22, "Invalid argument");
    }
    masks.put(tid, (BitSet) cpus.clone());
  }

  String mask(int tid) {
    return CpuTopology.cpuList(affinity(tid));
  }
}
