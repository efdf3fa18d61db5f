package io.edgeenergy.runtime.thermal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thermal headroom on fake sysfs trees copied from real devices (see each fixture's header). */
class ThermalMonitorTest {
  private static final String ZONES = "sys/class/thermal/";

  @TempDir Path root;
  private final FakeTicker ticker = FakeTicker.create();

  private SysfsTree tree(String fixture) {
    return SysfsTree.at(root).load(fixture);
  }

  private ThermalMonitor.Builder monitor() {
    return ThermalMonitor.builder().sysRoot(root.resolve("sys")).ticker(ticker);
  }

  @Test
  void x86AnchorsAcpitzAtItsHotTripAndSkipsTheUnsetPassiveOneAndDisabledZones() {
    SysfsTree t = tree("thermal-x86-haswell-acpitz-pkgtemp.txt");
    t.write(ZONES + "thermal_zone0/temp", 45000).write(ZONES + "thermal_zone1/temp", 52000);
    ThermalMonitor m = monitor().build();

    ThermalZone acpitz = m.zones().get(0);
    assertThat(acpitz.type()).isEqualTo("acpitz");
    assertThat(acpitz.trips()).extracting(TripPoint::type).containsExactly("critical", "hot", "passive");
    assertThat(acpitz.throttleMilliCelsius()).as("the passive trip at 0 m°C is unset").isEqualTo(127000);
    assertThat(acpitz.throttleSource()).contains("hot trip 1 at 127.0 °C", "no passive trip");
    ThermalZone pkg = m.zones().get(1);
    assertThat(pkg.hasHeadroom()).isFalse();
    assertThat(pkg.throttleSource()).contains("no usable passive, hot or critical trip");

    assertThat(m.headroom()).as("45 °C is more than 30 °C below 127 °C").isZero();
    List<ZoneReading> readings = m.readings();
    assertThat(readings.get(0).celsius()).isEqualTo(45.0);
    assertThat(readings.get(1).known()).isFalse();
    assertThat(readings.get(1).celsius()).isEqualTo(52.0);
    assertThat(readings.get(1).problem()).contains("no usable passive");

    t.write(ZONES + "thermal_zone0/temp", 112000);
    m.refresh();
    assertThat(m.headroom()).isCloseTo(0.5, within(1e-9));   // (112 - (127 - 30)) / 30
  }

  @Test
  void raspberryPiHasNoTripSoItsFirmwareThrottlingPointIsConfigured() {
    SysfsTree t = tree("thermal-raspberrypi-bcm2835.txt");
    ThermalMonitor bare = monitor().build();
    assertThat(bare.headroom()).isNaN();
    assertThat(bare.readings().get(0).celsius()).isEqualTo(49.925);
    assertThat(bare.readings().get(0).problem()).isEqualTo("no trip points and no configured throttling temperature");

    ThermalMonitor pi = monitor().throttleAt("bcm2835_thermal", 80).minInterval(Duration.ZERO).build();
    assertThat(pi.zones().get(0).throttleSource()).isEqualTo("configured throttling temperature 80.0 °C");
    assertThat(pi.headroom()).isZero();                                  // 49.9 °C: below 50 °C
    t.write(ZONES + "thermal_zone0/temp", 71000);
    assertThat(pi.headroom()).isCloseTo(0.7, within(1e-9));
    t.write(ZONES + "thermal_zone0/temp", 80000);
    assertThat(pi.headroom()).isCloseTo(1.0, within(1e-9));
    t.write(ZONES + "thermal_zone0/temp", 86000);
    assertThat(pi.headroom()).as("throttling: above 1").isCloseTo(1.2, within(1e-9));
  }

  @Test
  void offlineJetsonZonesAreUnknownAndNeverThrow() {
    SysfsTree t = tree("thermal-jetson-orin-nano-offline-cv.txt");
    for (int z : new int[] {0, 1, 5, 6, 7, 8}) {
      t.write(ZONES + "thermal_zone" + z + "/temp", 50000 + 1000 * z);
    }
    ThermalMonitor m = monitor().throttleAt("cpu-thermal", 95).throttleAt("cv0-thermal", 95)
        .throttleAt("tj-thermal", 95).build();
    assertThat(m.zones()).extracting(ThermalZone::type).containsExactly("cpu-thermal", "gpu-thermal", "cv0-thermal",
        "cv1-thermal", "cv2-thermal", "soc0-thermal", "soc1-thermal", "soc2-thermal", "tj-thermal");
    List<ZoneReading> r = m.readings();
    for (int z = 2; z <= 4; z++) {
      assertThat(r.get(z).celsius()).isNaN();
      assertThat(r.get(z).headroom()).isNaN();
      assertThat(r.get(z).problem()).startsWith("temperature unreadable (");
    }
    assertThat(m.headroom()).as("cpu at 50 °C and tj at 58 °C: both over 30 °C below 95 °C").isZero();
    t.write(ZONES + "thermal_zone8/temp", 83000);
    t.write(ZONES + "thermal_zone0/temp", "garbage");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(m.headroom()).isCloseTo(0.6, within(1e-9));           // tj: (83 - 65) / 30
    assertThat(m.readings().get(0).problem()).isEqualTo("temperature is not a number: 'garbage'");
    t.delete(ZONES + "thermal_zone8/temp");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(m.headroom()).as("only zones without a temperature or a threshold are left").isNaN();
    assertThat(m.readings().get(8).problem()).endsWith("thermal_zone8/temp absent)");
    assertThat(m.forecast(Duration.ofSeconds(10))).isNaN();
  }

  @Test
  void aDeniedTemperatureSaysPermissionDeniedWithTheFixNotAbsent() {
    SysfsTree t = tree("thermal-raspberrypi-bcm2835.txt");
    t.write(ZONES + "thermal_zone0/temp", 71000);
    Path temp = root.resolve(ZONES + "thermal_zone0/temp");
    // we run as root, where chmod cannot refuse a read: the reader's seam refuses it like the kernel
    SysfsReader denying = SysfsReader.over(node -> {
      if (node.equals(temp)) {
        throw new AccessDeniedException(node.toString());
      }
      return Files.readString(node);
    });
    ThermalMonitor pi = monitor().throttleAt("bcm2835_thermal", 80).sysfs(denying).build();

    assertThat(pi.headroom()).isNaN();
    assertThat(pi.readings().get(0).problem()).startsWith("temperature unreadable (permission denied reading " + temp)
        .contains("chmod o+r " + temp).doesNotContain("absent");
    t.delete(ZONES + "thermal_zone0/temp");
    assertThat(monitor().throttleAt("bcm2835_thermal", 80).build().readings().get(0).problem())
        .isEqualTo("temperature unreadable (" + temp + " absent)");
  }

  @Test
  void rereadsAtMostOncePerInterval() {
    SysfsTree t = tree("thermal-raspberrypi-bcm2835.txt");
    ThermalMonitor pi = monitor().throttleAt("bcm2835_thermal", 80).build();
    t.write(ZONES + "thermal_zone0/temp", 71000);
    assertThat(pi.headroom()).isCloseTo(0.7, within(1e-9));
    t.write(ZONES + "thermal_zone0/temp", 80000);
    ticker.advance(Duration.ofMillis(999));
    assertThat(pi.headroom()).as("cached within the second").isCloseTo(0.7, within(1e-9));
    ticker.advance(Duration.ofMillis(1));
    assertThat(pi.headroom()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void forecastsFromTheRecentSlope() {
    SysfsTree t = tree("thermal-raspberrypi-bcm2835.txt");
    ThermalMonitor pi = monitor().throttleAt("bcm2835_thermal", 80).build();
    t.write(ZONES + "thermal_zone0/temp", 65000);
    assertThat(pi.forecast(Duration.ofSeconds(10))).as("one sample: the current headroom").isCloseTo(0.5, within(1e-9));
    for (int c = 66; c <= 68; c++) {
      ticker.advance(Duration.ofSeconds(1));
      t.write(ZONES + "thermal_zone0/temp", c * 1000);
      pi.headroom();
    }
    // +1 °C/s: 68 °C now, 78 °C in 10 s
    assertThat(pi.headroom()).isCloseTo(0.6, within(1e-9));
    assertThat(pi.forecast(Duration.ofSeconds(10))).isCloseTo(28.0 / 30, within(1e-9));
    assertThat(pi.forecast(Duration.ZERO)).isCloseTo(0.6, within(1e-9));
    for (int i = 0; i < 40; i++) {   // cooling slowly: the 30-sample window forgets the warm-up
      ticker.advance(Duration.ofSeconds(1));
      t.write(ZONES + "thermal_zone0/temp", 68000 - 100 * i);
      pi.headroom();
    }
    assertThat(pi.forecast(Duration.ofSeconds(10))).isLessThan(pi.headroom());
  }

  @Test
  void zonesAndTripsComeInNumericOrderAndGarbageTripsAreSkipped() {
    SysfsTree t = SysfsTree.at(root);
    for (int zone : new int[] {10, 2}) {
      String z = ZONES + "thermal_zone" + zone + "/";
      t.write(z + "type", "zone" + zone).write(z + "temp", 40000);
      t.write(z + "trip_point_10_temp", 95000).write(z + "trip_point_10_type", "critical");
      t.write(z + "trip_point_2_temp", 85000).write(z + "trip_point_2_type", "passive");
      t.write(z + "trip_point_3_temp", "n/a").write(z + "trip_point_3_type", "hot");
    }
    t.write(ZONES + "cooling_device0/type", "fan");

    List<ThermalZone> zones = monitor().build().zones();

    assertThat(zones).extracting(ThermalZone::type).containsExactly("zone2", "zone10");
    assertThat(zones.get(1).trips()).extracting(TripPoint::index).containsExactly(2, 10);
    assertThat(zones.get(1).throttleMilliCelsius()).isEqualTo(85000);
  }

  @Test
  void aDeviceWithoutThermalZonesHasNoHeadroom() {
    ThermalMonitor m = monitor().build();
    assertThat(m.zones()).isEmpty();
    assertThat(m.headroom()).isNaN();
    assertThat(m.forecast(Duration.ofSeconds(5))).isNaN();
    assertThat(m.toString()).isEqualTo("ThermalMonitor[0 zones, 0 with a throttling temperature]");
  }

  @Test
  void badThrottlingTemperaturesAreRefused() {
    assertThatThrownBy(() -> ThermalMonitor.builder().throttleAt("cpu-thermal", -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cpu-thermal' must be in (0, 200) °C");
    assertThatThrownBy(() -> ThermalMonitor.builder().minInterval(Duration.ofSeconds(-1)))
        .hasMessageContaining("minInterval must be >= 0");
  }
}
