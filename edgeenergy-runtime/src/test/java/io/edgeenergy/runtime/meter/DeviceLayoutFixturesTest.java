package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meter discovery and detect() on device layouts from the testkit, each named after its device (the
 * headers say what is copied from a real device and what is reconstructed).
 */
class DeviceLayoutFixturesTest {
  private static final Ticker TICKER = () -> 0;

  @TempDir Path dir;

  private Path load(String fixture) {
    SysfsTree.at(dir).load(fixture);
    return dir.resolve("sys");
  }

  private static MeterDetection detect(Path sys) {
    return EnergyMeters.detect(sys, "aarch64", FakeCpuClock.startingAt(0), TICKER);
  }

  @Test
  void jetsonOrinNanoJetPack5UsesVddInAndSkipsTheSumOfShunts() throws Exception {
    Path sys = load("hwmon-jetson-orin-nano-jetpack5-ina3221.txt");
    HwmonMeters.Discovery d = HwmonMeters.discover(sys);
    assertThat(d.channels()).extracting(HwmonMeters.Channel::label)
        .containsExactly("VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC");
    assertThat(d.boardInput().orElseThrow().source().readMicrowatts()).isEqualTo(5040L * 432);

    MeterDetection m = detect(sys);
    try {
      assertThat(m.meter().name()).isEqualTo("ina3221:VDD_IN");
      assertThat(m.meter().domain()).isEqualTo(EnergyDomain.BOARD);
      assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    } finally {
      m.meter().close();
    }
  }

  @Test
  void jetsonNanoJetPack4IioUsesPom5vInInMilliwatts() throws Exception {
    Path sys = load("iio-jetson-nano-jetpack4-ina3221x.txt");
    HwmonMeters.Discovery d = HwmonMeters.discoverIna3221x(sys);
    assertThat(d.channels()).extracting(HwmonMeters.Channel::label)
        .containsExactly("POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU");
    assertThat(d.boardInput().orElseThrow().source().readMicrowatts()).isEqualTo(2_043_000L);

    MeterDetection m = detect(sys);
    try {
      assertThat(m.meter().name()).isEqualTo("ina3221x:POM_5V_IN");
      assertThat(m.meter().domain()).isEqualTo(EnergyDomain.BOARD);
    } finally {
      m.meter().close();
    }
  }

  @Test
  void intelClientWithPsysMetersPackageZeroOnceAndNeverAddsPsysOrTheMmioCopy() {
    Path sys = load("rapl-intel-client-psys-dell-xps-7390.txt");
    RaplMeter.Discovery d = RaplMeter.discover(sys);
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::name).containsExactly("package-0", "core", "uncore", "psys");
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::domain)
        .containsExactly(EnergyDomain.PACKAGE, EnergyDomain.CORE, EnergyDomain.GPU, EnergyDomain.SOC);
    List<EnergyMeter> packages = RaplMeter.openPackages(sys);
    try {
      assertThat(packages).singleElement().extracting(EnergyMeter::name).isEqualTo("rapl:package-0");
    } finally {
      packages.forEach(EnergyMeter::close);
    }
    MeterDetection m = detect(sys);
    m.meter().close();
    assertThat(m.meter().name()).isEqualTo("rapl:package-0");
  }

  @Test
  void amdZenHasPackageAndCoreOnlyAndMetersThePackage() {
    Path sys = load("rapl-amd-zen-package-core-no-dram.txt");
    RaplMeter.Discovery d = RaplMeter.discover(sys);
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::name).containsExactly("package-0", "core");
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::domain).doesNotContain(EnergyDomain.DRAM);
    MeterDetection m = detect(sys);
    m.meter().close();
    assertThat(m.meter().name()).isEqualTo("rapl:package-0");
    assertThat(m.meter().description()).contains("wraps at 65712999613 µJ");
  }

  @Test
  void aDesktopHwmonWithoutPowerSensorsIsRejectedPlainly() {
    Path sys = load("hwmon-x86-desktop-coretemp-nct6775-no-power-node-exporter.txt");
    HwmonMeters.Discovery d = HwmonMeters.discover(sys);
    assertThat(d.channels()).isEmpty();
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("coretemp", "no readable power"))
        .anySatisfy(r -> assertThat(r).contains("nct6779", "no readable power"));
    assertThat(HwmonMeters.energyCounters(sys)).isEmpty();

    MeterDetection m = EnergyMeters.detect(sys, "amd64", FakeCpuClock.startingAt(0), TICKER);
    m.meter().close();
    assertThat(m.quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(m.explanation().get(1)).startsWith("2. hwmon").contains("rejected", "coretemp, no power/energy sensors",
        "nct6779, no power/energy sensors");
  }
}
