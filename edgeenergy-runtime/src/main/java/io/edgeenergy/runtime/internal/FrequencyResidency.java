package io.edgeenergy.runtime.internal;

import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import io.edgeenergy.runtime.profile.CpuCluster;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The active power per busy core weighted by how long the CPUs spent at each frequency, from cpufreq
 * {@code stats/time_in_state} ("{@code <kHz> <time in 10 ms units>}" per line, cumulative since boot):
 * Σ Δtime(f) × P(f) / Σ Δtime(f) over every policy, P from the profile's cluster for that policy.
 *
 * <p>Policies map to the profile's clusters in order when their counts agree (Android numbers its
 * clusters by first CPU, as cpufreq numbers its policies); otherwise every policy uses the
 * profile's biggest cluster. Residency counts idle time at a frequency too: it says where the clock
 * sat, not that a core was busy there. Refreshing reads every file (tens of µs), so the estimator does
 * it on a slow sampler thread, never on the read path. Not thread-safe; the caller serializes.
 */
public final class FrequencyResidency {
  private final List<Policy> policies;
  private final PowerProfile profile;

  private record Policy(String name, Path file, CpuCluster cluster, Map<Long, Long> lastTicks) {}

  private FrequencyResidency(List<Policy> policies, PowerProfile profile) {
    this.policies = policies;
    this.profile = profile;
  }

  /**
   * Finds the {@code time_in_state} files under {@code <sysfsRoot>/devices/system/cpu}: the
   * {@code cpufreq/policyN} directories, else (older kernels) {@code cpuN/cpufreq}. Empty, with the
   * reason in {@code reasons}, when there are none or none parses.
   */
  public static Optional<FrequencyResidency> open(Path sysfsRoot, PowerProfile profile, List<String> reasons) {
    Path cpu = sysfsRoot.resolve("devices/system/cpu");
    List<Path> files = statsFiles(cpu.resolve("cpufreq"), "policy");
    if (files.isEmpty()) {
      files = statsFiles(cpu, "cpu");
    }
    if (files.isEmpty()) {
      reasons.add("no cpufreq time_in_state under " + cpu + " (cpufreq stats not built into this kernel, or no cpufreq)");
      return Optional.empty();
    }
    boolean inOrder = files.size() == profile.clusters().size();
    List<Policy> policies = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      CpuCluster cluster = inOrder ? profile.clusters().get(i) : profile.biggestCluster();
      try {
        Path dir = file.getParent().getParent();
        String name = dir.getFileName().toString().equals("cpufreq") ? dir.getParent().getFileName().toString()
            : dir.getFileName().toString();
        policies.add(new Policy(name, file, cluster, parse(file)));
      } catch (IOException e) {
        reasons.add(file + " unusable: " + e.getMessage());
      }
    }
    if (policies.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FrequencyResidency(policies, profile));
  }

  /** Sorted by the number after the prefix; symlinked duplicates (cpu0/cpufreq -> policy0) once. */
  private static List<Path> statsFiles(Path dir, String prefix) {
    TreeMap<Integer, Path> found = new TreeMap<>();
    Set<Path> seen = new LinkedHashSet<>();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "[0-9]*")) {
      for (Path d : ds) {
        String n = d.getFileName().toString().substring(prefix.length());
        Path file = d.resolve(prefix.equals("cpu") ? "cpufreq/stats/time_in_state" : "stats/time_in_state");
        if (n.matches("[0-9]+") && Files.isReadable(file) && seen.add(file.toRealPath())) {
          found.put(Integer.parseInt(n), file);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return new ArrayList<>(found.values());
  }

  /** {@code <kHz> <ticks>} lines; anything else is an error naming the line. */
  static Map<Long, Long> parse(Path file) throws IOException {
    Map<Long, Long> ticks = new HashMap<>();
    // absent, permission denied (with the fix) and unreadable files are distinct exceptions naming the file
    List<String> lines = SysfsReader.system().text(file).orThrow().lines().toList();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length != 2 || !f[0].matches("[0-9]{1,12}") || !f[1].matches("[0-9]{1,18}") || f[0].equals("0")) {
        throw new IOException("line '" + line + "' is not '<kHz> <time>'");
      }
      ticks.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }
    if (ticks.isEmpty()) {
      throw new IOException("empty");
    }
    return ticks;
  }

  /** Residency-weighted power since boot (the counters' whole history), for the first estimate. */
  public long sinceBootMicrowatts() {
    double weighted = 0;
    double total = 0;
    for (Policy p : policies) {
      for (Map.Entry<Long, Long> e : p.lastTicks().entrySet()) {
        weighted += e.getValue() * (double) p.cluster().activePowerPerCore(e.getKey()).microwatts();
        total += e.getValue();
      }
    }
    return total > 0 ? Math.round(weighted / total) : profile.typicalActivePowerPerCore().microwatts();
  }

  /**
   * Re-reads every file; the residency-weighted power per busy core since the last refresh, or empty
   * when no time passed (or every file failed; a vanished policy is skipped until it returns).
   */
  public OptionalLong refresh() {
    double weighted = 0;
    double total = 0;
    for (Policy p : policies) {
      Map<Long, Long> now;
      try {
        now = parse(p.file());
      } catch (IOException | RuntimeException e) {
        continue; // a policy going offline (CPU hotplug) removes its directory
      }
      for (Map.Entry<Long, Long> e : now.entrySet()) {
        long delta = e.getValue() - p.lastTicks().getOrDefault(e.getKey(), 0L);
        if (delta > 0) { // a reset (stats/reset) makes it negative: skip, the new base is taken below
          weighted += delta * (double) p.cluster().activePowerPerCore(e.getKey()).microwatts();
          total += delta;
        }
      }
      p.lastTicks().clear();
      p.lastTicks().putAll(now);
    }
    return total > 0 ? OptionalLong.of(Math.round(weighted / total)) : OptionalLong.empty();
  }

  /** E.g. "cpufreq time_in_state of policy0->little, policy4->big". */
  public String describe() {
    List<String> names = new ArrayList<>();
    policies.forEach(p -> names.add(p.name() + "->" + p.cluster().name()));
    return "cpufreq time_in_state of " + String.join(", ", names);
  }

}
