package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.runtime.internal.BatteryProbe;
import io.edgeenergy.runtime.internal.ProbeResult;
import io.edgeenergy.runtime.meter.BatteryReadings.Status;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatteryMeterTest {
  private static final String AXP = "sys/class/power_supply/axp20x-battery/";
  private static final String BAT0 = "sys/class/power_supply/BAT0/";

  @TempDir Path dir;
  private final FakeTicker ticker = FakeTicker.create();

  private SysfsTree tree(String fixture) {
    return SysfsTree.at(dir).load(fixture);
  }

  private BatteryMeter meter(SysfsTree tree) {
    return BatteryMeter.sysfs(tree.path("sys"), ticker, BatteryMeter.DEFAULT_PERIOD);
  }

  @Test
  void thinkpadPowerNowIntegratesExactly() {
    BatteryMeter m = meter(tree("power-supply-thinkpad-lnv45n1-discharging.txt"));
    assertThat(m.availability().available()).isTrue();
    assertThat(m.name()).isEqualTo("battery:BAT0");
    assertThat(m.domain()).isEqualTo(EnergyDomain.BATTERY);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    ticker.advance(Duration.ofSeconds(10));
    m.sampleNow();
    // power_now 4 830 000 µW for 10 s = 48.3 J
    assertThat(m.readNanojoules()).isEqualTo(48_300_000_000L);
    assertThat(m.description()).contains("BAT0").contains("1-60 s").contains("discharging");
  }

  @Test
  void thinkpadRemainingEnergyComesFromEnergyNow() {
    BatteryMeter m = meter(tree("power-supply-thinkpad-lnv45n1-discharging.txt"));
    // energy_now 49 450 000 µWh = 49.45 Wh = 178 020 J
    assertThat(m.remaining()).contains(Energy.ofNanojoules(178_020_000_000_000L));
  }

  @Test
  void positiveDischargeCurrentIsTakenAsDraw() {
    BatteryMeter m = meter(tree("power-supply-axp209-a20-discharging-positive-current.txt"));
    ticker.advance(Duration.ofSeconds(2));
    m.sampleNow();
    // 523 000 µA × 3 862 000 µV = 2 019 826 µW, for 2 s
    assertThat(m.readNanojoules()).isEqualTo(4_039_652_000L);
    assertThat(m.description()).contains("positive current");
  }

  @Test
  void negativeDischargeCurrentGivesTheSameDraw() {
    BatteryMeter m = meter(tree("power-supply-axp209-a20-discharging-negative-current.txt"));
    ticker.advance(Duration.ofSeconds(2));
    m.sampleNow();
    assertThat(m.readNanojoules()).isEqualTo(4_039_652_000L);
    assertThat(m.description()).contains("negative current");
  }

  @Test
  void chargingReportsNoDrawAndSaysSo() {
    BatteryMeter m = meter(tree("power-supply-axp209-a20-charging.txt"));
    assertThat(m.availability().available()).isTrue();
    ticker.advance(Duration.ofSeconds(30));
    m.sampleNow();
    assertThat(m.readNanojoules()).isZero();
    assertThat(m.drawState()).contains("charging").contains("0 draw");
    assertThat(m.description()).contains("0 draw");
  }

  @Test
  void unplugMidRunStartsCounting() {
    SysfsTree t = tree("power-supply-axp209-a20-charging.txt");
    BatteryMeter m = meter(t);
    ticker.advance(Duration.ofSeconds(5));
    m.sampleNow();
    t.write(AXP + "status", "Discharging").write(AXP + "current_now", -1_000_000).write(AXP + "voltage_now", 4_000_000);
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    // trapezoid from 0 to 4 W over 1 s = 2 J
    assertThat(m.readNanojoules()).isEqualTo(2_000_000_000L);
  }

  @Test
  void unknownStatusUsesTheLearnedDirection() {
    SysfsTree t = tree("power-supply-axp209-a20-discharging-negative-current.txt");
    BatteryMeter m = meter(t);
    t.write(AXP + "status", "Unknown").write(AXP + "current_now", 500_000);   // positive = charging for this gauge
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    assertThat(m.drawState()).contains("0 draw");
    t.write(AXP + "current_now", -500_000);
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    assertThat(m.drawState()).contains("discharging").contains("learned");
  }

  @Test
  void remainingFromChargeTimesVoltage() {
    SysfsTree t = tree("power-supply-axp209-a20-discharging-negative-current.txt");
    t.write(AXP + "charge_now", 1_000_000);   // 1 Ah at 3.862 V = 3.862 Wh = 13 903.2 J
    assertThat(meter(t).remaining()).contains(Energy.ofNanojoules(13_903_200_000_000L));
  }

  @Test
  void noRemainingEnergyWhenTheGaugeHasNone() {
    assertThat(meter(tree("power-supply-axp209-a20-discharging-positive-current.txt")).remaining()).isEmpty();
  }

  @Test
  void garbageInPowerNowMakesTheMeterUnavailable() {
    SysfsTree t = tree("power-supply-thinkpad-lnv45n1-discharging.txt");
    t.write(BAT0 + "power_now", "0x49b2f0?");
    BatteryMeter m = meter(t);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("power_now").contains("not a number");
    assertThat(m.readNanojoules()).isZero();
  }

  @Test
  void emptyCurrentNowMakesTheMeterUnavailable() {
    SysfsTree t = tree("power-supply-axp209-a20-discharging-positive-current.txt");
    t.writeRaw(AXP + "current_now", "");
    BatteryMeter m = meter(t);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("current_now").contains("empty");
  }

  @Test
  void missingVoltageIsExplained() {
    SysfsTree t = tree("power-supply-axp209-a20-discharging-positive-current.txt");
    t.delete(AXP + "voltage_now");
    BatteryMeter m = meter(t);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("no voltage_now");
  }

  @Test
  void garbageEnergyNowGivesNoRemainingButKeepsMeasuring() {
    SysfsTree t = tree("power-supply-thinkpad-lnv45n1-discharging.txt");
    t.write(BAT0 + "energy_now", "garbage");
    BatteryMeter m = meter(t);
    assertThat(m.availability().available()).isTrue();
    assertThat(m.remaining()).isEmpty();
  }

  @Test
  void batteryRemovedMidRunStopsTheCounter() throws IOException {
    SysfsTree t = tree("power-supply-thinkpad-lnv45n1-discharging.txt");
    BatteryMeter m = meter(t);
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    long before = m.readNanojoules();
    assertThat(before).isEqualTo(4_830_000_000L);
    try (var files = Files.list(t.path(BAT0))) {
      files.forEach(p -> t.delete(dir.relativize(p).toString()));
    }
    t.delete(BAT0);
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("BAT0");
    ticker.advance(Duration.ofSeconds(60));
    assertThat(m.readNanojoules()).isEqualTo(before);
    assertThat(m.remaining()).isEmpty();
  }

  @Test
  void presentZeroIsNoBattery() {
    SysfsTree t = tree("power-supply-axp209-a20-discharging-positive-current.txt");
    t.write(AXP + "present", 0);
    BatteryMeter m = meter(t);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("present");
  }

  @Test
  void noBatteryAndPeripheralBatteriesAreNotOffered() {
    SysfsTree t = SysfsTree.at(dir)
        .write("sys/class/power_supply/AC/type", "Mains")
        .write("sys/class/power_supply/hidpp_battery_0/type", "Battery")
        .write("sys/class/power_supply/hidpp_battery_0/scope", "Device")
        .write("sys/class/power_supply/hidpp_battery_0/status", "Discharging")
        .write("sys/class/power_supply/hidpp_battery_0/voltage_now", 3_900_000);
    BatteryMeter m = meter(t);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("no system battery");
    assertThat(m.readNanojoules()).isZero();
    assertThat(BatteryMeter.sysfs(dir.resolve("nowhere")).availability().available()).isFalse();
  }

  @Test
  void thisMachineOffersNoMeasuredBatteryUnlessItHasOne() {
    BatteryMeter m = BatteryMeter.sysfs();
    if (!m.availability().available()) {
      assertThat(m.readNanojoules()).isZero();
      assertThat(m.description()).startsWith("no battery meter");
    }
    m.close();
  }

  /** Android-style readings: signs per device, energy counter in nWh, charge counter in µAh. */
  @Test
  void androidReadingsAdapter() {
    AtomicReference<Status> status = new AtomicReference<>(Status.DISCHARGING);
    AtomicLong current = new AtomicLong(-250_000);   // µA, negative = discharging on this phone
    BatteryReadings phone = new BatteryReadings() {
      @Override
      public Status status() {
        return status.get();
      }

      @Override
      public OptionalLong currentMicroamps() {
        return OptionalLong.of(current.get());
      }

      @Override
      public OptionalLong voltageMicrovolts() {
        return OptionalLong.of(4_000_000);
      }

      @Override
      public OptionalLong energyNanowattHours() {
        return BatteryReadings.android(Long.MIN_VALUE);   // unsupported on this device
      }

      @Override
      public OptionalLong chargeMicroampHours() {
        return BatteryReadings.android(2_000_000);   // 2 Ah
      }

      @Override
      public String describe() {
        return "Android BatteryManager";
      }
    };
    BatteryMeter m = BatteryMeter.of("android", phone, ticker, BatteryMeter.DEFAULT_PERIOD);
    assertThat(m.name()).isEqualTo("battery:android");
    ticker.advance(Duration.ofSeconds(4));
    m.sampleNow();
    assertThat(m.readNanojoules()).isEqualTo(4_000_000_000L);   // 1 W for 4 s
    assertThat(m.remaining()).contains(Energy.ofWattHours(8));   // 2 Ah × 4 V
    status.set(Status.fromAndroid(2));   // BATTERY_STATUS_CHARGING
    current.set(800_000);
    ticker.advance(Duration.ofSeconds(4));
    m.sampleNow();
    assertThat(m.readNanojoules()).isEqualTo(6_000_000_000L);   // trapezoid 1 W -> 0 over 4 s adds 2 J, then 0
    ticker.advance(Duration.ofSeconds(100));
    assertThat(m.readNanojoules()).isEqualTo(6_000_000_000L);
    assertThat(m.drawState()).contains("charging");
  }

  @Test
  void statusParsing() {
    assertThat(Status.fromSysfs("Not charging\n")).isEqualTo(Status.NOT_CHARGING);
    assertThat(Status.fromSysfs("Full")).isEqualTo(Status.FULL);
    assertThat(Status.fromSysfs("weird")).isEqualTo(Status.UNKNOWN);
    assertThat(Status.fromAndroid(3)).isEqualTo(Status.DISCHARGING);
    assertThat(Status.fromAndroid(5)).isEqualTo(Status.FULL);
    assertThat(Status.fromAndroid(1)).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void probeAcceptsAFixtureBatteryAndRejectsNone() {
    ProbeResult ok = new BatteryProbe(tree("power-supply-thinkpad-lnv45n1-discharging.txt").path("sys"), ticker).probe();
    assertThat(ok.isAccepted()).isTrue();
    assertThat(ok.reason()).contains("BAT0").contains("COARSE");
    ok.meter().orElseThrow().close();
    ProbeResult none = new BatteryProbe(dir.resolve("empty"), ticker).probe();
    assertThat(none.isAccepted()).isFalse();
    assertThat(none.reason()).contains("no system battery");
    ProbeResult charging = new BatteryProbe(SysfsTree.at(dir.resolve("c")).load("power-supply-axp209-a20-charging.txt")
        .path("sys"), ticker).probe();
    assertThat(charging.isAccepted()).isFalse();
    assertThat(charging.reason()).contains("charging").contains("external power");
  }
}
