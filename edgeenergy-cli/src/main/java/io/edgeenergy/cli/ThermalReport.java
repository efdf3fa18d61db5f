package io.edgeenergy.cli;

import io.edgeenergy.runtime.thermal.CpuThrottling;
import io.edgeenergy.runtime.thermal.ThermalMonitor;
import io.edgeenergy.runtime.thermal.ZoneReading;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The doctor's thermal block: each zone's temperature and headroom, and each cpufreq policy's throttling. */
final class ThermalReport {
  private ThermalReport() {}

  static void print(PrintWriter out, Path sys) {
    ThermalMonitor monitor = ThermalMonitor.builder().sysRoot(sys).build();
    List<ZoneReading> readings = monitor.refresh();
    if (readings.isEmpty()) {
      out.println("Thermal zones: none (" + sys.resolve("class/thermal") + " has no thermal_zone*): thermal headroom "
          + "is unknown, so thermal pressure stays 0");
    } else {
      double headroom = monitor.headroom();
      out.println("Thermal zones (headroom on Android's scale: 0 = 30 °C below throttling, 1.0 = throttling): device "
          + "headroom " + (Double.isNaN(headroom) ? "unknown (no zone with a known temperature and throttling point)"
              : format(headroom)));
    }
    for (ZoneReading r : readings) {
      String temperature = Double.isNaN(r.celsius()) ? r.problem() : r.celsius() + " °C";
      String headroom = r.known() ? "headroom " + format(r.headroom()) + " (1.0 at " + r.zone().throttleSource() + ")"
          : Double.isNaN(r.celsius()) ? "headroom unknown" : "headroom unknown: " + r.problem();
      out.println("  " + r.zone().name() + ": " + r.zone().type() + ", " + temperature + ", " + headroom);
    }
    CpuThrottling cpu = CpuThrottling.open(sys);
    if (cpu.available()) {
      out.println("CPU throttling (read once, idle: a cap below cpuinfo_max_freq shows; a drop under load needs "
          + "CpuThrottling.check(true) while work runs):");
      for (CpuThrottling.PolicyState s : cpu.check(false)) {
        out.println("  " + s.policy() + ": " + s.state() + " - " + s.detail());
      }
    }
  }

  private static String format(double headroom) {
    return String.format(Locale.ROOT, "%.2f", headroom);
  }
}
