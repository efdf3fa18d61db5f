package io.edgeenergy.runtime.thermal;

import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects CPU throttling from cpufreq ({@code /sys/devices/system/cpu/cpufreq/policy*}), per policy:
 *
 * <ul>
 *   <li>{@link State#CAPPED}: {@code scaling_max_freq} fell below what it was when this detector was
 *       opened - the thermal framework's cpufreq cooling device (and some firmware) throttles by
 *       lowering that cap;
 *   <li>{@link State#SLOWED}: under load, the current frequency ({@code cpuinfo_cur_freq}, the
 *       hardware's, when readable - it is root-only - else the governor's {@code scaling_cur_freq})
 *       dropped below {@value #DROP_FRACTION} of the highest seen under load so far. Call
 *       {@link #check(boolean) check(true)} only while work runs: an idle CPU clocks down by design.
 * </ul>
 *
 * <p>What it cannot see: throttling that touches neither node, such as the Raspberry Pi firmware's
 * (whose {@code scaling_cur_freq} stays at the requested frequency; {@code vcgencmd get_throttled}
 * tells). Reads a few small files per check; confined to one thread; never throws after {@link #open}.
 */
public final class CpuThrottling {
  private static final Logger LOG = LoggerFactory.getLogger(CpuThrottling.class);
  /** Under load, a current frequency below this fraction of the peak seen under load counts as slowed. */
  public static final double DROP_FRACTION = 0.85;

  /** A policy's throttling state. */
  public enum State {
    NOMINAL,
    CAPPED,
    SLOWED,
    UNKNOWN
  }

  /**
   * One policy's check.
   *
   * @param baselineMaxKhz {@code scaling_max_freq} when the detector was opened
   * @param maxKhz {@code scaling_max_freq} now
   * @param curKhz the current frequency, or -1 if unreadable
   * @param detail what was seen, in words
   */
  public record PolicyState(String policy, State state, long cpuinfoMaxKhz, long baselineMaxKhz, long maxKhz,
      long curKhz, String detail) {}

  private final List<Policy> policies;

  private CpuThrottling(List<Policy> policies) {
    this.policies = policies;
  }

  /** Opens the policies under {@code sysRoot} (usually {@code /sys}), taking their caps as baseline. */
  public static CpuThrottling open(Path sysRoot) {
    Path dir = sysRoot.resolve("devices/system/cpu/cpufreq");
    List<Policy> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "policy*")) {
      for (Path p : stream) {
        if (p.getFileName().toString().matches("policy\\d+")) {
          found.add(new Policy(p, read(p.resolve("scaling_max_freq"))));
        }
      }
    } catch (IOException | RuntimeException e) {
      return new CpuThrottling(List.of());
    }
    found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.dir.getFileName().toString().substring(6))));
    return new CpuThrottling(List.copyOf(found));
  }

  /** Whether there is any cpufreq policy to watch (none in most VMs). */
  public boolean available() {
    return !policies.isEmpty();
  }

  /** Checks every policy; {@code underLoad} says whether work is running now (see the class comment). */
  public List<PolicyState> check(boolean underLoad) {
    List<PolicyState> out = new ArrayList<>(policies.size());
    for (Policy p : policies) {
      out.add(p.check(underLoad));
    }
    return out;
  }

  /** Whether any policy is {@link State#CAPPED} or {@link State#SLOWED}. */
  public boolean throttled(boolean underLoad) {
    for (PolicyState s : check(underLoad)) {
      if (s.state() == State.CAPPED || s.state() == State.SLOWED) {
        return true;
      }
    }
    return false;
  }

  /**
   * A frequency node in kHz, or -1 when unknown: absent (no such node on this driver), permission denied
   * ({@code cpuinfo_cur_freq} is root-only) and garbage all make that policy's state UNKNOWN, never an
   * error; denied and garbage are logged at DEBUG with the node and the fix.
   */
  private static long read(Path file) {
    SysfsRead r = SysfsReader.system().number(file);
    if (r.isProblem()) {
      LOG.debug("{}", r.problem());
    }
    return r.number().orElse(-1);
  }

  private static final class Policy {
    final Path dir;
    final long baselineMax;
    long peakUnderLoad = -1;

    Policy(Path dir, long baselineMax) {
      this.dir = Objects.requireNonNull(dir);
      this.baselineMax = baselineMax;
    }

    PolicyState check(boolean underLoad) {
      String name = dir.getFileName().toString();
      long cpuinfoMax = read(dir.resolve("cpuinfo_max_freq"));
      long max = read(dir.resolve("scaling_max_freq"));
      long cur = read(dir.resolve("cpuinfo_cur_freq"));
      String curNode = "cpuinfo_cur_freq";
      if (cur < 0) {
        cur = read(dir.resolve("scaling_cur_freq"));
        curNode = "scaling_cur_freq";
      }
      if (max < 0 || baselineMax < 0) {
        return new PolicyState(name, State.UNKNOWN, cpuinfoMax, baselineMax, max, cur,
            "scaling_max_freq unreadable or not a number");
      }
      if (max < baselineMax) {
        return new PolicyState(name, State.CAPPED, cpuinfoMax, baselineMax, max, cur, "scaling_max_freq " + max
            + " kHz, down from " + baselineMax + " kHz when monitoring started (thermal cooling or firmware cap)");
      }
      if (underLoad && cur > 0) {
        if (peakUnderLoad > 0 && cur < DROP_FRACTION * peakUnderLoad) {
          return new PolicyState(name, State.SLOWED, cpuinfoMax, baselineMax, max, cur, curNode + " " + cur
              + " kHz under load, below " + Math.round(DROP_FRACTION * 100) + " % of the " + peakUnderLoad
              + " kHz seen under load before");
        }
        peakUnderLoad = Math.max(peakUnderLoad, cur);
      }
      String capNote = cpuinfoMax > 0 && max < cpuinfoMax ? " (capped below cpuinfo_max_freq " + cpuinfoMax
          + " kHz since before monitoring started)" : "";
      return new PolicyState(name, cur < 0 ? State.UNKNOWN : State.NOMINAL, cpuinfoMax, baselineMax, max, cur,
          (cur < 0 ? "current frequency unreadable" : curNode + " " + cur + " kHz") + ", scaling_max_freq " + max
              + " kHz" + capNote);
    }
  }
}
