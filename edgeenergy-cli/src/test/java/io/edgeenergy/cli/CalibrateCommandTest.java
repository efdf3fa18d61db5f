package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.profile.ProfileCalibrator;
import io.edgeenergy.testkit.SimulatedMeter;
import io.edgeenergy.testkit.SysfsTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CalibrateCommandTest {
  @Test
  void refusesWithoutAMeasuredMeterAndSaysWhy() {
    StringWriter err = new StringWriter();
    CommandLine cli = EdgeEnergyCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("calibrate", "--no-progress");
    // this machine has no energy meter (the test suite runs on a VM without RAPL/hwmon/battery)
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("needs a MEASURED meter").contains("cpu-time-estimator");
  }

  @Test
  void measurementLoopFitsAMeterThatOnlyDrawsBasePower() {
    // a simulated measured meter drawing a constant 2 W whatever the load: the fit must put it all in base power
    SimulatedMeter meter = SimulatedMeter.builder(Ticker.system()).basePower(Power.ofWatts(2))
        .quality(EnergyQuality.MEASURED).build();
    ProfileCalibrator.Fit fit = CalibrateCommand.calibrate(meter, () -> Math.sqrt(Math.random()), Duration.ofMillis(300), null);
    assertThat(fit.basePower().toWatts()).isBetween(1.7, 2.3);
    assertThat(fit.activePowerPerCore().toWatts()).isLessThan(0.5);
    assertThat(fit.samples()).isEqualTo(4);
  }

  @Test
  void theProfileFrequencyDefaultsToTheHighestCpufreqMaximum(@TempDir Path sys) {
    assertThat(CalibrateCommand.maxCpuFrequencyKhz(sys)).isEqualTo(1);
    SysfsTree.at(sys)
        .write("devices/system/cpu/cpufreq/policy0/cpuinfo_max_freq", 1_800_000)
        .write("devices/system/cpu/cpufreq/policy4/cpuinfo_max_freq", 2_956_800)
        .write("devices/system/cpu/cpufreq/policy7/cpuinfo_max_freq", "garbage");
    assertThat(CalibrateCommand.maxCpuFrequencyKhz(sys)).isEqualTo(2_956_800);
  }
}
