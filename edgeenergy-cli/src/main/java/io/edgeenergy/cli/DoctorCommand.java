package io.edgeenergy.cli;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.hints.LinuxPerformanceHints;
import io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.meter.MeterDetection;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What this device offers for energy-aware inference: which meters exist and which one the SDK
 * picks (and why the others were rejected, with the fix where there is one), the thermal zones with
 * their headroom, CPU throttling, the cpufreq policies, and which performance-hint mechanisms work
 * here ({@code --restore} rolls back limits a crashed process left).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "What meters and thermal zones this device offers, which meter is used, and how to enable the rest.")
final class DoctorCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--sys", defaultValue = "/sys", description = "The sysfs root to inspect (default: ${DEFAULT-VALUE}).")
  Path sys;

  @Option(names = "--restore", description = "Roll back cpufreq/devfreq limits left by a process that died holding a "
      + "performance hint (from its journal), then report.")
  boolean restore;

  @Option(names = "--journal-dir", description = "The performance-hint journal directory (default: "
      + "$XDG_RUNTIME_DIR/edgeenergy-hints, else under java.io.tmpdir).")
  Path journalDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(sys)) {
      // otherwise every probe below finds nothing and the report blames the hardware (or a VM)
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sys " + sys + ": "
          + (Files.exists(sys) ? "not a directory" : "no such directory")
          + "; pass the sysfs root to inspect (default /sys)");
    }
    if (restore) {
      restoreHints(out);
    }
    MeterDetection detection = EnergyMeters.detect(sys);
    EnergyMeter meter = detection.meter();
    out.println("Energy meters (best first):");
    detection.explanation().forEach(line -> out.println("  " + line));
    out.println("Using: " + meter.name() + " [" + meter.quality() + "] - " + meter.description());
    if (meter.quality() == io.edgeenergy.EnergyQuality.ESTIMATED) {
      out.println("  No measured meter here: every energy figure is an ESTIMATE. To measure, run on hardware with "
          + "RAPL (Intel/AMD, readable energy_uj), an INA3221/hwmon power sensor, or a battery fuel gauge.");
    }
    if (meter instanceof CpuTimeEstimatorMeter estimator) {
      describeEstimator(out, estimator);
    }
    meter.close();

    out.println();
    ThermalReport.print(out, sys);
    List<String> policies = list(sys.resolve("devices/system/cpu/cpufreq"), "policy");
    out.println("cpufreq policies: " + (policies.isEmpty()
        ? "none (no cpufreq driver: frequency residency and DVFS hints are unavailable; typical of VMs)"
        : String.join(", ", policies)));
    printHints(out);
    printBackends(out);
    return 0;
  }

  /** Each inference backend on the class path, whether its native runtime loads here, and why not. */
  private static void printBackends(PrintWriter out) {
    out.println("Inference backends:");
    for (io.edgeenergy.model.InferenceBackend b : io.edgeenergy.model.InferenceBackends.all()) {
      io.edgeenergy.Availability a = b.availability();
      out.println("  " + b.name() + " (*." + String.join(", *.", b.fileExtensions()) + "): "
          + (a.available() ? "available" : "UNAVAILABLE - " + a.reason()));
    }
  }

  /** The estimator's profile, where its figures come from, and whether cpufreq residency refines them. */
  private static void describeEstimator(PrintWriter out, CpuTimeEstimatorMeter estimator) {
    PowerProfile profile = estimator.profile();
    boolean builtIn = PowerProfile.builtInNames().contains(profile.name());
    out.println("Estimator profile: " + profile.name() + (builtIn ? " (built-in)" : "") + ", "
        + profile.biggestCluster().cores() + " cores in its biggest cluster, base power " + profile.basePower());
    out.println("  source: " + profile.source());
    out.println("  frequency residency (cpufreq time_in_state): " + (estimator.usesResidency()
        ? "used, " + estimator.activePowerPerCore() + " per busy core now, refreshed every "
            + estimator.residencyPeriod().toMillis() + " ms"
        : "not used, " + estimator.activePowerPerCore() + " per busy core at " + estimator.frequencyKhz() + " kHz"));
  }

  /** Performance-hint mechanisms, best first, with the reason each one does not work here. */
  private void printHints(PrintWriter out) {
    Path journal = journal();
    LinuxPerformanceHints hints = LinuxPerformanceHints.builder().sysfsRoot(sys).journalDirectory(journal)
        .rollBackStaleJournals(false).build();
    out.println();
    out.println("Performance hint mechanisms (best first):");
    hints.mechanisms().forEach((name, availability) -> out.println("  " + name + ": " + availability));
    out.println("  CPU clusters: " + hints.topology());
    List<String> stale = LinuxPerformanceHints.staleJournals(sys, journal);
    if (!stale.isEmpty()) {
      out.println("  Journal " + journal + " (run `edgeenergy doctor --restore` to roll back):");
      stale.forEach(line -> out.println("    " + line));
    }
  }

  private Path journal() {
    return journalDir != null ? journalDir : LinuxPerformanceHints.defaultJournalDirectory();
  }

  private void restoreHints(PrintWriter out) {
    Path journal = journal();
    List<String> lines = LinuxPerformanceHints.rollBackStaleJournals(sys, journal);
    out.println("Hint journal rollback (" + journal + "): " + (lines.isEmpty() ? "nothing to restore" : ""));
    lines.forEach(line -> out.println("  " + line));
    out.println();
  }

  private static List<String> list(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
    }
  }
}
