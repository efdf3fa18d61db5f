package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.runtime.hints.SysfsWriteRefusedException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The only sysfs nodes the hints ever write: cpufreq policy limits and EPP, devfreq limits. Governor
 * nodes are deliberately absent: limits work under every governor, while switching governors resets
 * their tunables, so the hints never switch one. Checked on every write and on every journal rollback.
 */
public final class AllowList {
  private static final Pattern ALLOWED = Pattern.compile(
      "devices/system/cpu/(cpufreq/policy\\d+|cpu\\d+/cpufreq)/"
          + "(scaling_min_freq|scaling_max_freq|scaling_setspeed|energy_performance_preference)"
          + "|class/devfreq/[A-Za-z0-9_.:@-]+/(min_freq|max_freq)");

  private AllowList() {}

  /** Throws {@link SysfsWriteRefusedException} unless {@code node} is an allowed node under {@code sysfsRoot}. */
  public static void check(Path sysfsRoot, Path node) {
    Path root = sysfsRoot.toAbsolutePath().normalize();
    Path target = node.toAbsolutePath().normalize();
    if (!target.startsWith(root)) {
      throw new SysfsWriteRefusedException(node, "not under the sysfs root " + root);
    }
    String relative = root.relativize(target).toString().replace('\\', '/');
    if (!ALLOWED.matcher(relative).matches()) {
      throw new SysfsWriteRefusedException(node, "not a cpufreq/devfreq limit node (allowed: "
          + "cpufreq scaling_min_freq, scaling_max_freq, scaling_setspeed, energy_performance_preference; "
          + "devfreq min_freq, max_freq)");
    }
  }
}
