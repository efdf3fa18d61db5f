package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DoctorCommandTest {
  private String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = EdgeEnergyCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void saysPlainlyWhenThereIsNoMeter(@TempDir Path sys) {
    String text = run("doctor", "--sys", sys.toString());
    assertThat(text).contains("Using: cpu-time-estimator [ESTIMATED]").contains("No measured meter here")
        .contains("Thermal zones: none").contains("cpufreq policies: none")
        .contains("Inference backends:", "onnx (*.onnx): available", "tflite (*.tflite): available");
    assertThat(text.substring(text.indexOf("Using:"))).doesNotContain("[MEASURED]");
  }

  @Test
  void listsThermalZonesIncludingUnreadableOnes(@TempDir Path sys) {
    SysfsTree.at(sys).write("class/thermal/thermal_zone0/type", "cpu-thermal").write("class/thermal/thermal_zone0/temp", 48312)
        .write("class/thermal/thermal_zone1/type", "gpu-thermal");
    String text = run("doctor", "--sys", sys.toString());
    assertThat(text).contains("thermal_zone0: cpu-thermal, 48.312 °C").contains("thermal_zone1: gpu-thermal, temperature unreadable ("
        + sys.resolve("class/thermal/thermal_zone1/temp") + " absent)");
  }

  @Test
  void showsTheEstimatorProfileAndWhetherResidencyIsUsed(@TempDir Path sys) {
    String bare = run("doctor", "--sys", sys.toString());
    assertThat(bare).contains("Estimator profile: generic-x86-64 (built-in)", "source: Vendor TDP",
        "frequency residency (cpufreq time_in_state): not used");

    SysfsTree.at(sys).write("firmware/devicetree/base/model", "Raspberry Pi 5 Model B Rev 1.0")
        .writeRaw("devices/system/cpu/cpufreq/policy0/stats/time_in_state", "1500000 80\n2400000 20\n");
    String pi = run("doctor", "--sys", sys.toString());
    assertThat(pi).contains("Estimator profile: raspberry-pi-5 (built-in)", "frequency residency (cpufreq "
        + "time_in_state): used, 1.206 W per busy core now", "cpufreq policies: policy0");
  }

  @Test
  void showsHeadroomPerZoneAndThrottlingPerPolicy(@TempDir Path sys) {
    SysfsTree.at(sys).load("thermal-x86-haswell-acpitz-pkgtemp.txt");
    Path root = sys.resolve("sys");
    SysfsTree.at(root).write("class/thermal/thermal_zone0/temp", 112000).write("class/thermal/thermal_zone1/temp", 52000);
    String text = run("doctor", "--sys", root.toString());
    assertThat(text).contains("device headroom 0.50")
        .contains("thermal_zone0: acpitz, 112.0 °C, headroom 0.50 (1.0 at hot trip 1 at 127.0 °C (no passive trip))")
        .contains("thermal_zone1: x86_pkg_temp, 52.0 °C, headroom unknown: no usable passive, hot or critical trip")
        .contains("policy0: NOMINAL - scaling_cur_freq 900000 kHz, scaling_max_freq 3500000 kHz");
  }

  @Test
  void offlineZonesAreReportedNotFatal(@TempDir Path sys) {
    SysfsTree.at(sys).load("thermal-jetson-orin-nano-offline-cv.txt");
    String text = run("doctor", "--sys", sys.resolve("sys").toString());
    assertThat(text).contains("device headroom unknown")
        .contains("thermal_zone2: cv0-thermal, temperature unreadable (cannot read "
            + sys.resolve("sys/class/thermal/thermal_zone2/temp") + ": Is a directory), headroom unknown");
  }

  @Test
  void listsHintMechanismsAndWhyTheOthersAreNotAvailable(@TempDir Path sys, @TempDir Path journal) {
    String text = run("doctor", "--sys", sys.toString(), "--journal-dir", journal.toString());
    assertThat(text).contains("Performance hint mechanisms (best first):")
        .containsPattern("  uclamp: (available|unavailable: sched_setattr failed: E[A-Z]+)")
        .contains("  affinity: unavailable: no CPUs listed")
        .contains("  cpufreq: unavailable: no cpufreq policies").contains("  devfreq: unavailable: no devices under");
  }

  @Test
  void aBigLittleBoardOffersAffinityAndBothPolicies(@TempDir Path sys, @TempDir Path journal) {
    SysfsTree.at(sys).load("cpufreq-yoga-c630-sdm850-biglittle.txt").load("devfreq-jetson-orin-nx-ga10b.txt");
    String text = run("doctor", "--sys", sys.toString(), "--journal-dir", journal.toString());
    assertThat(text).contains("  affinity: available").contains("  cpufreq:policy0: available")
        .contains("  cpufreq:policy4: available").contains("  devfreq:17000000.ga10b: available")
        .contains("CPU clusters: [cpus 0-3 capacity 377 max 1766 MHz, cpus 4-7 capacity 1024 max 2956 MHz]");
  }

  @Test
  void showsAStaleJournalAndRestoreRollsItBack(@TempDir Path sys, @TempDir Path journal) throws IOException {
    SysfsTree.at(sys).load("devfreq-jetson-orin-nx-ga10b.txt").write("class/devfreq/17000000.ga10b/max_freq", "306000000");
    Path node = sys.resolve("class/devfreq/17000000.ga10b/max_freq");
    String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    // a journal left by a process that no longer exists (pid above the kernel's pid_max)
    Files.writeString(journal.resolve("journal-99999999.txt"), "edgeenergy-hints-journal 1\npid 99999999\nstart 1\nboot "
        + boot + "\nnode\t" + node + "\t918000000\n");
    String look = run("doctor", "--sys", sys.toString(), "--journal-dir", journal.toString());
    assertThat(look).contains("would restore " + node + " = 918000000 (left by dead pid 99999999)");
    assertThat(Files.readString(node).strip()).isEqualTo("306000000");

    String restored = run("doctor", "--restore", "--sys", sys.toString(), "--journal-dir", journal.toString());
    assertThat(restored).contains("Hint journal rollback").contains("restored " + node + " = 918000000");
    assertThat(Files.readString(node).strip()).isEqualTo("918000000");
    assertThat(run("doctor", "--restore", "--sys", sys.toString(), "--journal-dir", journal.toString()))
        .contains("Hint journal rollback (" + journal + "): nothing to restore");
  }
}
