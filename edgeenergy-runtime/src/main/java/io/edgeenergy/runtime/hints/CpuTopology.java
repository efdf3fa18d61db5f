package io.edgeenergy.runtime.hints;

import io.edgeenergy.runtime.hints.internal.Sysfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The CPU clusters of this machine, slowest first, read from sysfs: which CPUs exist and are online
 * ({@code devices/system/cpu/online}), each CPU's {@code cpu_capacity} (Arm, and x86 hybrid kernels
 * since 6.x; 1024 = the biggest core), the cpufreq policy that owns it ({@code cpufreq/policy*}
 * {@code /related_cpus}) and that policy's {@code cpuinfo_max_freq}. CPUs with the same capacity and
 * maximum frequency form one cluster, so x86 machines with one policy per CPU still come out as one
 * cluster, and a big.LITTLE phone as two or three. Reading never throws: a missing or garbage node
 * leaves that figure unknown.
 */
public final class CpuTopology {
  /**
   * CPUs that share a capacity and a maximum frequency.
   *
   * @param cpus the CPU numbers
   * @param capacity {@code cpu_capacity} (0..1024), or -1 when the kernel does not expose it
   * @param maxFrequencyKhz {@code cpuinfo_max_freq} of the cluster's policy, or 0 when unknown
   */
  public record Cluster(BitSet cpus, int capacity, long maxFrequencyKhz) {
    public Cluster {
      cpus = (BitSet) cpus.clone();
    }

    @Override
    public BitSet cpus() {
      return (BitSet) cpus.clone();
    }

    @Override
    public String toString() {
      return "cpus " + cpuList(cpus) + (capacity >= 0 ? " capacity " + capacity : "")
          + (maxFrequencyKhz > 0 ? " max " + maxFrequencyKhz / 1000 + " MHz" : "");
    }
  }

  private final List<Cluster> clusters;

  private CpuTopology(List<Cluster> clusters) {
    this.clusters = List.copyOf(clusters);
  }

  /** The topology under {@code sysfsRoot} (normally {@code /sys}). */
  public static CpuTopology read(Path sysfsRoot) {
    Path cpuDir = sysfsRoot.resolve("devices/system/cpu");
    BitSet cpus = new BitSet();
    for (Path p : Sysfs.list(cpuDir, "cpu\\d+")) {
      cpus.set(Integer.parseInt(p.getFileName().toString().substring(3)));
    }
    BitSet online = Sysfs.readLine(cpuDir.resolve("online")).map(CpuTopology::parseCpuList).orElse(null);
    if (online != null && !online.isEmpty()) {
      cpus.and(online);
    }
    Map<Integer, Long> maxFreq = new TreeMap<>();
    for (Path policy : Sysfs.list(cpuDir.resolve("cpufreq"), "policy\\d+")) {
      long max = Sysfs.readLong(policy.resolve("cpuinfo_max_freq")).orElse(0L);
      BitSet related = Sysfs.readLine(policy.resolve("related_cpus")).map(CpuTopology::parseCpuList).orElse(new BitSet());
      related.stream().forEach(cpu -> maxFreq.put(cpu, max));
    }
    // key = capacity then max frequency: the cluster order, slowest first
    Map<List<Long>, BitSet> groups = new TreeMap<>(Comparator.<List<Long>, Long>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
    cpus.stream().forEach(cpu -> {
      long capacity = Sysfs.readLong(cpuDir.resolve("cpu" + cpu).resolve("cpu_capacity")).filter(c -> c >= 0 && c <= 1024).orElse(-1L);
      long max = maxFreq.containsKey(cpu) ? maxFreq.get(cpu)
          : Sysfs.readLong(cpuDir.resolve("cpu" + cpu).resolve("cpufreq/cpuinfo_max_freq")).orElse(0L);
      groups.computeIfAbsent(List.of(capacity, max), k -> new BitSet()).set(cpu);
    });
    List<Cluster> clusters = new ArrayList<>();
    groups.forEach((key, set) -> clusters.add(new Cluster(set, key.get(0).intValue(), key.get(1))));
    return new CpuTopology(clusters);
  }

  /** Every cluster, slowest first (lowest capacity, then lowest maximum frequency). Empty if no CPU is listed. */
  public List<Cluster> clusters() {
    return clusters;
  }

  /** True when there are at least two clusters, so affinity can choose between them. */
  public boolean heterogeneous() {
    return clusters.size() > 1;
  }

  /** The slowest cluster (the LITTLE or E cores). */
  public Cluster efficiency() {
    requireCpus();
    return clusters.get(0);
  }

  /** The fastest cluster (the big or P cores). */
  public Cluster performance() {
    requireCpus();
    return clusters.get(clusters.size() - 1);
  }

  private void requireCpus() {
    if (clusters.isEmpty()) {
      throw new IllegalStateException("no CPUs listed under devices/system/cpu");
    }
  }

  @Override
  public String toString() {
    return clusters.isEmpty() ? "no CPUs listed" : clusters.toString();
  }

  /** Parses a kernel CPU list such as {@code 0-3,5} or {@code 0 1 2 3}; garbage yields an empty set. */
  public static BitSet parseCpuList(String text) {
    BitSet out = new BitSet();
    for (String part : Objects.requireNonNull(text).trim().split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        int dash = part.indexOf('-');
        if (dash < 0) {
          out.set(Integer.parseInt(part));
        } else {
          out.set(Integer.parseInt(part.substring(0, dash)), Integer.parseInt(part.substring(dash + 1)) + 1);
        }
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return new BitSet();
      }
    }
    return out;
  }

  /** Formats a CPU set the kernel's way, e.g. {@code 0-3,6}. */
  public static String cpuList(BitSet cpus) {
    StringBuilder sb = new StringBuilder();
    int start = cpus.nextSetBit(0);
    while (start >= 0) {
      int end = cpus.nextClearBit(start) - 1;
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(start);
      if (end > start) {
        sb.append('-').append(end);
      }
      start = cpus.nextSetBit(end + 1);
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }
}
