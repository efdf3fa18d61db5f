package io.edgeenergy.runtime.meter;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

class EnergyMetersTest {
  private static final Ticker TICKER = () -> 1;

  @TempDir Path sys;

  @Test
  void emptySysfsExplainsThatNoMeasuredMeterExistsAndFallsBackToTheEstimator() {
    MeterDetection d = EnergyMeters.detect(sys, "amd64", FakeCpuClock.startingAt(0), TICKER);

    assertThat(d.meter()).isInstanceOf(CpuTimeEstimatorMeter.class);
    assertThat(d.quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(d.meter().availability().available()).isTrue();
    assertThat(((CpuTimeEstimatorMeter) d.meter()).profile().name()).isEqualTo("generic-x86-64");
    assertThat(d.explanation()).hasSize(5);
    assertThat(d.explanation().get(0)).startsWith("1. powercap (RAPL) [MEASURED]: rejected: ")
        .contains(sys.resolve("class/powercap") + " absent");
    assertThat(d.explanation().get(1)).startsWith("2. hwmon").contains(sys.resolve("class/hwmon") + " absent");
    assertThat(d.explanation().get(2)).startsWith("3. power_supply")
        .contains("no system battery under " + sys.resolve("class/power_supply"));
    assertThat(d.explanation().get(3)).isEqualTo("no measured meter found; falling back to estimation");
    assertThat(d.explanation().get(4)).startsWith("4. cpu-time-estimator [ESTIMATED]: accepted: ")
        .contains("7.000 W per busy core", "generic-x86-64 is a GENERIC DEFAULT", "x86-64 (os.arch amd64) without a "
            + "battery", "no cpufreq residency", "not attributed");
    assertThat(d.toString()).contains("cpu-time-estimator (ESTIMATED, CPU, available)");
  }

  /** Ownership: the caller owns the detected meter; its sampler runs until the caller closes it. */
  @Test
  void theDetectedMetersSamplerThreadRunsUntilTheCallerClosesIt() throws Exception {
    write("class/powercap/intel-rapl:0/name", "package-0");
    write("class/powercap/intel-rapl:0/energy_uj", "240422366267");
    write("class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850");

    MeterDetection d = EnergyMeters.detect(sys, "x86_64", FakeCpuClock.startingAt(0), TICKER);
    try (var meter = d.meter()) {
      assertThat(meter).isInstanceOf(RaplMeter.class);
      assertThat(DeviceScenario.edgeenergyThreads()).contains("edgeenergy-rapl-package-0");
    }

    assertThat(d.meter().isCounting()).as("a closed meter stops counting").isFalse();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (DeviceScenario.edgeenergyThreads().contains("edgeenergy-rapl-package-0") && System.nanoTime() < deadline) {
      Thread.sleep(10);   // shutdownNow() interrupts the sampler; the thread ends a moment later
    }
    assertThat(DeviceScenario.edgeenergyThreads()).doesNotContain("edgeenergy-rapl-package-0");
  }

  @Test
  void measuredMetersRankRaplBeforeTheBattery() throws IOException {
    // Layout and units as in a real laptop's /sys (cf. prometheus/procfs fixtures): RAPL zones with
    // name + energy_uj, an hwmon temperature chip, an INA3221 power monitor, a battery and mains.
    write("class/powercap/intel-rapl:0/name", "package-0");
    write("class/powercap/intel-rapl:0/energy_uj", "240422366267");
    write("class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850");
    write("class/powercap/intel-rapl:0:0/name", "core");
    write("class/powercap/intel-rapl:0:0/energy_uj", "118821284256");
    write("class/hwmon/hwmon0/name", "k10temp");
    write("class/hwmon/hwmon0/temp1_input", "45250");
    write("class/hwmon/hwmon1/name", "ina3221");
    write("class/hwmon/hwmon1/in1_input", "5072");
    write("class/hwmon/hwmon1/curr1_input", "736");
    write("class/power_supply/BAT0/type", "Battery");
    write("class/power_supply/BAT0/status", "Discharging");
    write("class/power_supply/BAT0/present", "1");
    write("class/power_supply/BAT0/energy_now", "45530000");
    write("class/power_supply/BAT0/power_now", "8137000");
    write("class/power_supply/AC/type", "Mains");

    MeterDetection d = EnergyMeters.detect(sys, "x86_64", FakeCpuClock.startingAt(0), TICKER);

    // RAPL package-0 is readable: it outranks hwmon and the battery
    assertThat(d.meter()).isInstanceOf(RaplMeter.class);
    assertThat(d.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(d.meter().name()).isEqualTo("rapl:package-0");
    d.meter().close();
    assertThat(d.explanation().get(0)).startsWith("1. powercap (RAPL) [MEASURED]: accepted");
    assertThat(d.explanation().subList(1, d.explanation().size()))
        .allSatisfy(line -> assertThat(line).contains("not tried: a better meter was chosen"));

    // without RAPL, the discharging battery is the best measured meter left
    java.nio.file.Files.walk(sys.resolve("class/powercap")).sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    MeterDetection noRapl = EnergyMeters.detect(sys, "x86_64", FakeCpuClock.startingAt(0), TICKER);
    assertThat(noRapl.meter()).isInstanceOf(BatteryMeter.class);
    noRapl.meter().close();
    assertThat(noRapl.explanation().get(1)).contains("hwmon0 (k10temp, no power/energy sensors)",
        "hwmon1 (ina3221, current+voltage sensors)");
    assertThat(noRapl.explanation().get(2)).startsWith("3. power_supply").contains("accepted").contains("BAT0");
  }

  @Test
  void unknownArmHardwareGetsTheGenericArm64ProfileNamedAGenericDefault() throws IOException {
    write("firmware/devicetree/base/model", "Pine64 RockPro64 v2.1\0");
    MeterDetection d = EnergyMeters.detect(sys, "aarch64", FakeCpuClock.startingAt(0), TICKER);

    assertThat(d.quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(((CpuTimeEstimatorMeter) d.meter()).profile().name()).isEqualTo("generic-arm64");
    assertThat(d.explanation()).anySatisfy(line -> assertThat(line).contains(
        "generic-arm64 is a GENERIC DEFAULT, not this device's: no built-in profile for this device "
            + "(device-tree model 'Pine64 RockPro64 v2.1', os.arch aarch64)", "Cortex-A55 + A76 class")
        .doesNotContain("POOR FIT"));
  }

  @Test
  void otherUnknownHardwareGetsTheX86ProfileNamedAGenericDefaultAndAPoorFit() throws IOException {
    write("firmware/devicetree/base/model", "StarFive VisionFive 2 v1.3B\0");
    MeterDetection d = EnergyMeters.detect(sys, "riscv64", FakeCpuClock.startingAt(0), TICKER);

    assertThat(((CpuTimeEstimatorMeter) d.meter()).profile().name()).isEqualTo("generic-x86-64");
    assertThat(d.explanation()).anySatisfy(line -> assertThat(line).contains(
        "generic-x86-64 is a GENERIC DEFAULT, not this device's: no built-in profile for this device "
            + "(device-tree model 'StarFive VisionFive 2 v1.3B', os.arch riscv64)", "POOR FIT"));
  }

  @Test
  void boardsInTheDeviceTreeGetTheirOwnProfile() throws IOException {
    // model strings as the boards print them in /proc/device-tree/model (NUL-terminated)
    String[][] boards = {
        {"Raspberry Pi 5 Model B Rev 1.0\0", "", "raspberry-pi-5"},
        {"Raspberry Pi 4 Model B Rev 1.4\0", "", "raspberry-pi-4"},
        {"NVIDIA Jetson Orin Nano Developer Kit\0", "nvidia,p3768-0000+p3767-0005\0nvidia,p3767-0005\0nvidia,tegra234\0",
            "jetson-orin-nano"},
        {"", "nvidia,p3767-0003\0nvidia,tegra234\0", "jetson-orin-nano"},
        {"", "nvidia,p3509-0000+p3767-0000\0nvidia,p3767-0000\0nvidia,tegra234\0", "jetson-orin-nx"}};
    for (String[] b : boards) {
      Path root = sys.resolve(b[2] + (b[0].isEmpty() ? "-compatible" : ""));
      if (!b[0].isEmpty()) {
        write(root, "firmware/devicetree/base/model", b[0]);
      }
      if (!b[1].isEmpty()) {
        write(root, "firmware/devicetree/base/compatible", b[1]);
      }
      MeterDetection d = EnergyMeters.detect(root, "aarch64", FakeCpuClock.startingAt(0), TICKER);
      assertThat(((CpuTimeEstimatorMeter) d.meter()).profile().name()).as(b[2]).isEqualTo(b[2]);
      assertThat(d.explanation()).last().asString().contains("profile " + b[2] + " matches this device (device-tree")
          .doesNotContain("GENERIC");
    }
  }

  @Test
  void anX86LaptopOnBatteryGetsTheLaptopDefaultAndResidencyWhenCpufreqHasIt() throws IOException {
    write("class/power_supply/BAT0/type", "Battery");
    write("class/power_supply/BAT0/status", "Charging"); // a gauge that cannot meter while charging
    write("class/power_supply/BAT0/present", "1");
    write("devices/system/cpu/cpufreq/policy0/stats/time_in_state", "1800000 100\n");
    MeterDetection d = EnergyMeters.detect(sys, "amd64", FakeCpuClock.startingAt(0), TICKER);
    CpuTimeEstimatorMeter m = (CpuTimeEstimatorMeter) d.meter();
    try {
      assertThat(m.profile().name()).isEqualTo("generic-x86-laptop");
      assertThat(m.usesResidency()).isTrue();
      assertThat(d.explanation()).last().asString().contains("generic-x86-laptop is a GENERIC DEFAULT",
          "with a battery", "weighted by cpufreq time_in_state residency", "1.875 W per busy core now");
    } finally {
      m.close();
    }
  }

  @Test
  void withoutThreadCpuTimeNothingWorksAndTheMeterSaysWhy() {
    MeterDetection d = EnergyMeters.detect(sys, "amd64", FakeCpuClock.unavailable("no per-thread CPU time here"),
        TICKER);

    assertThat(d.meter().availability().available()).isFalse();
    assertThat(d.meter().availability().reason()).contains("no per-thread CPU time here", "powercap");
    assertThat(d.meter().readNanojoules()).isZero();
    assertThat(d.explanation()).last().isEqualTo("no meter available: every energy figure will read 0");
    assertThat(d.explanation()).anySatisfy(line -> assertThat(line)
        .startsWith("4. cpu-time-estimator [ESTIMATED]: rejected: thread CPU time unavailable"));
  }

  @Test
  void realDetectionAlwaysReturnsAMeterAndAnExplanation() {
    MeterDetection d = EnergyMeters.detect();

    assertThat(d.meter()).isNotNull();
    assertThat(d.explanation()).isNotEmpty();
  }

  @Test
  void estimatorFactoryUsesTheTypicalPointOrAGivenFrequency() {
    PowerProfile generic = PowerProfile.builtIn(PowerProfile.GENERIC_X86_64);
    assertThat(EnergyMeters.estimator(generic).frequencyKhz()).isEqualTo(2_900_000);
    assertThat(EnergyMeters.estimator(generic, 2_100_000).activePowerPerCore().toWatts()).isEqualTo(5.0);
  }

  @Test
  void recognisesX86Names() {
    assertThat(EnergyMeters.isX86_64("amd64")).isTrue();
    assertThat(EnergyMeters.isX86_64("x86_64")).isTrue();
    assertThat(EnergyMeters.isX86_64("aarch64")).isFalse();
    assertThat(EnergyMeters.isX86_64("arm")).isFalse();
  }

  private void write(String relative, String content) throws IOException {
    write(sys, relative, content);
  }

  private static void write(Path root, String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content + "\n");
  }

  @Test
  void aJetsonBoardInputRailIsChosenAndNeverSummedWithItsSubRails() throws IOException {
    // JetPack 4 IIO layout: rail names and mW, as the ina3221x driver exposes them
    String dev = "bus/i2c/drivers/ina3221x/6-0040/iio:device0/";
    write(dev + "rail_name_0", "POM_5V_IN");
    write(dev + "in_power0_input", "2043");
    write(dev + "rail_name_1", "POM_5V_GPU");
    write(dev + "in_power1_input", "312");
    write(dev + "rail_name_2", "POM_5V_CPU");
    write(dev + "in_power2_input", "845");

    MeterDetection d = EnergyMeters.detect(sys, "aarch64", FakeCpuClock.startingAt(0), TICKER);

    assertThat(d.meter()).isInstanceOf(SampledPowerMeter.class);
    assertThat(d.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(d.meter().description()).contains("POM_5V_IN").doesNotContain("POM_5V_CPU");
    assertThat(d.explanation().get(1)).startsWith("2. hwmon").contains("accepted");
    d.meter().close();
  }
}
