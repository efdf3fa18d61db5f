package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Frequency limits of one cpufreq policy ({@code devices/system/cpu/cpufreq/policyN}, kHz) or one
 * devfreq device ({@code class/devfreq/NAME}, Hz: a GPU such as Jetson's {@code 17000000.ga10b}, an
 * NPU, a memory bus). Limits are honoured by every governor, so the governor is never switched:
 *
 * <ul>
 *   <li>LOW: max = the lowest frequency; EFFICIENT: max = the lowest frequency at or above half the
 *       highest; min is reset to its original value first, so no transient min above max.
 *   <li>BURST: max = its original value, then min = the same (the highest the limits allowed when the
 *       hints were built, so a thermal or user cap is kept).
 *   <li>BALANCED: left as found.
 *   <li>cpufreq only: under the {@code userspace} governor {@code scaling_setspeed} gets the level's
 *       frequency; with intel_pstate / amd-pstate EPP, {@code energy_performance_preference} gets
 *       {@code power}, {@code balance_power} or {@code performance} when the driver offers it.
 * </ul>
 *
 * Every write goes through {@link SysfsClaims} (allow-list, journal first).
 */
public final class FrequencyDomain extends LevelMechanism {
  private final Path dir;
  private final boolean cpufreq;
  private final SysfsClaims claims;
  private final Path minNode;
  private final Path maxNode;
  private final long[] frequencies;
  /** True when the driver lists no table (intel_pstate, amd-pstate): any value in range is accepted. */
  private final boolean continuous;
  private final long originalMin;
  private final long originalMax;
  private final Availability availability;

  private FrequencyDomain(String name, Path dir, boolean cpufreq, SysfsClaims claims) {
    super(name, "the limits");
    this.dir = dir;
    this.cpufreq = cpufreq;
    this.claims = claims;
    this.minNode = dir.resolve(cpufreq ? "scaling_min_freq" : "min_freq");
    this.maxNode = dir.resolve(cpufreq ? "scaling_max_freq" : "max_freq");
    this.originalMin = Sysfs.readLong(minNode).orElse(-1L);
    this.originalMax = Sysfs.readLong(maxNode).orElse(-1L);
    this.continuous = Sysfs.readLine(dir.resolve(cpufreq ? "scaling_available_frequencies" : "available_frequencies")).isEmpty();
    this.frequencies = frequencies(dir, cpufreq, originalMin, originalMax);
    this.availability = probe();
  }

  /** One domain per cpufreq policy under {@code sysfsRoot}. */
  public static List<FrequencyDomain> cpufreq(Path sysfsRoot, SysfsClaims claims) {
    List<FrequencyDomain> out = new ArrayList<>();
    for (Path policy : Sysfs.list(sysfsRoot.resolve("devices/system/cpu/cpufreq"), "policy\\d+")) {
      out.add(new FrequencyDomain("cpufreq:" + policy.getFileName(), policy, true, claims));
    }
    return out;
  }

  /** One domain per devfreq device under {@code sysfsRoot}. */
  public static List<FrequencyDomain> devfreq(Path sysfsRoot, SysfsClaims claims) {
    List<FrequencyDomain> out = new ArrayList<>();
    for (Path device : Sysfs.list(sysfsRoot.resolve("class/devfreq"), "[^.].*")) {
      out.add(new FrequencyDomain("devfreq:" + device.getFileName(), device, false, claims));
    }
    return out;
  }

  private static long[] frequencies(Path dir, boolean cpufreq, long min, long max) {
    String listed = Sysfs.readLine(dir.resolve(cpufreq ? "scaling_available_frequencies" : "available_frequencies")).orElse("");
    long[] values = Arrays.stream(listed.split("\\s+")).filter(s -> s.matches("\\d+")).mapToLong(Long::parseLong)
        .sorted().distinct().toArray();
    if (values.length > 0) {
      return values;
    }
    // intel_pstate, amd-pstate and others list no table: any value between the hardware limits goes
    long low = cpufreq ? Sysfs.readLong(dir.resolve("cpuinfo_min_freq")).orElse(min) : min;
    long high = cpufreq ? Sysfs.readLong(dir.resolve("cpuinfo_max_freq")).orElse(max) : max;
    return low > 0 && high >= low ? new long[] {low, high} : new long[0];
  }

  private Availability probe() {
    String kind = cpufreq ? "cpufreq policy " : "devfreq device ";
    if (originalMin < 0 || originalMax < 0) {
      return Availability.unavailable(kind + dir + " has no readable " + minNode.getFileName() + "/" + maxNode.getFileName());
    }
    if (frequencies.length == 0) {
      return Availability.unavailable(kind + dir + " lists no frequencies");
    }
    if (!Sysfs.writable(minNode) || !Sysfs.writable(maxNode)) {
      return Availability.unavailable(minNode.getFileName() + "/" + maxNode.getFileName() + " in " + dir
          + " are not writable by this user (root, or a udev rule giving a group write access; see the DVFS example)");
    }
    return Availability.AVAILABLE;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  /** The limits this domain writes for {@code level}, in write order; empty for BALANCED. */
  List<String[]> plan(HintLevel level) {
    List<String[]> plan = new ArrayList<>();
    long lowest = frequencies[0];
    long highest = frequencies[frequencies.length - 1];
    switch (level) {
      case LOW, EFFICIENT -> {
        long cap = level == HintLevel.LOW ? Math.max(lowest, originalMin) : efficient(highest / 2);
        plan.add(new String[] {minNode.getFileName().toString(), Long.toString(Math.min(originalMin, cap))});
        plan.add(new String[] {maxNode.getFileName().toString(), Long.toString(cap)});
      }
      case BURST -> {
        plan.add(new String[] {maxNode.getFileName().toString(), Long.toString(originalMax)});
        plan.add(new String[] {minNode.getFileName().toString(), Long.toString(originalMax)});
      }
      case BALANCED -> {
        return plan;
      }
    }
    if (cpufreq) {
      long target = Long.parseLong(plan.get(level == HintLevel.BURST ? 0 : 1)[1]);
      if ("userspace".equals(Sysfs.readLine(dir.resolve("scaling_governor")).orElse(""))) {
        plan.add(new String[] {"scaling_setspeed", Long.toString(target)});
      }
      String preference = switch (level) {
        case LOW -> "power";
        case EFFICIENT -> "balance_power";
        default -> "performance";
      };
      if (Files.exists(dir.resolve("energy_performance_preference"))) {
        plan.add(new String[] {"energy_performance_preference", preference});
      }
    }
    return plan;
  }

  /** The lowest listed frequency at or above {@code floor} (and the original minimum), or the highest. */
  private long efficient(long floor) {
    long atLeast = Math.max(floor, originalMin);
    if (continuous) {
      return Math.min(Math.max(atLeast, frequencies[0]), frequencies[frequencies.length - 1]);
    }
    for (long f : frequencies) {
      if (f >= atLeast) {
        return f;
      }
    }
    return frequencies[frequencies.length - 1];
  }

  @Override
  Applied applyLevel(HintLevel level) {
    List<Map.Entry<Path, String>> steps = new ArrayList<>();
    StringJoiner detail = new StringJoiner(", ");
    for (String[] step : plan(level)) {
      String node = step[0];
      String value = step[1];
      if (node.equals("energy_performance_preference")) {
        String offered = Sysfs.readLine(dir.resolve("energy_performance_available_preferences")).orElse("");
        if (!Arrays.asList(offered.split("\\s+")).contains(value)) {
          detail.add(node + " " + value + " not offered (available: " + (offered.isEmpty() ? "none listed" : offered) + ")");
          continue;
        }
      }
      steps.add(Map.entry(dir.resolve(node), value));
    }
    List<SysfsClaims.Claim> held = new ArrayList<>();
    for (SysfsClaims.Result result : claims.claimAll(steps)) {
      String node = result.node().getFileName().toString();
      if (result.claim() != null) {
        held.add(result.claim());
        detail.add(node + " " + result.claim().previous() + "->" + result.value());
      } else {
        detail.add(node + "=" + result.value() + " refused: " + JournalRollback.describe(result.error()));
      }
    }
    if (held.isEmpty()) {
      return Applied.skipped(name(), detail.toString());
    }
    return new Applied(HintOutcome.applied(name(), detail.toString()), () -> claims.releaseAll(held));
  }
}
