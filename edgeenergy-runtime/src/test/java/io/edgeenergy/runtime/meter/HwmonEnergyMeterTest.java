package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hwmon energyN_input counters on the amd_energy layout (fixture reconstructed from the driver source). */
class HwmonEnergyMeterTest {
  private static final String CHIP = "sys/class/hwmon/hwmon3/";
  private static final String SOCKET = CHIP + "energy9_input";
  private static final Ticker TICKER = () -> 0;

  @TempDir Path dir;
  private SysfsTree tree;
  private EnergyMeter meter;

  @BeforeEach
  void load() {
    tree = SysfsTree.at(dir).load("hwmon-amd-energy-epyc-1socket-8core-from-driver.txt");
  }

  @AfterEach
  void close() {
    if (meter != null) {
      meter.close();
    }
  }

  private HwmonMeters.EnergyCounter socket() {
    return HwmonMeters.energyCounters(dir.resolve("sys")).stream().filter(HwmonMeters.EnergyCounter::wholeCpu)
        .findFirst().orElseThrow();
  }

  private HwmonEnergyMeter openSocket() {
    meter = HwmonEnergyMeter.open(socket(), TICKER);
    assertThat(meter.availability().available()).as(meter.availability().toString()).isTrue();
    return (HwmonEnergyMeter) meter;
  }

  @Test
  void discoversEveryCounterWithItsLabelAndDomain() {
    List<HwmonMeters.EnergyCounter> counters = HwmonMeters.energyCounters(dir.resolve("sys"));
    assertThat(counters).hasSize(9);
    assertThat(counters).extracting(HwmonMeters.EnergyCounter::label).startsWith("Ecore000", "Ecore001")
        .endsWith("Ecore007", "Esocket0");
    assertThat(counters.get(0).domain()).isEqualTo(EnergyDomain.CORE);
    assertThat(counters.get(0).chip()).isEqualTo("amd_energy");
    assertThat(counters).filteredOn(HwmonMeters.EnergyCounter::wholeCpu).singleElement()
        .satisfies(c -> {
          assertThat(c.label()).isEqualTo("Esocket0");
          assertThat(c.domain()).isEqualTo(EnergyDomain.PACKAGE);
          assertThat(c.file()).isEqualTo(dir.resolve(SOCKET));
        });
    // the driver restricts every attribute to owner and group (CVE-2020-12912)
    assertThat(Files.isReadable(dir.resolve(SOCKET))).isTrue();
  }

  @Test
  void countsExactMicrojoulesAsMeasuredNanojoules() {
    HwmonEnergyMeter m = openSocket();
    long before = m.readNanojoules();
    tree.write(SOCKET, 38_211_740_000L + 2_500_000);   // 2.5 J later
    assertThat(m.readNanojoules() - before).isEqualTo(2_500_000_000L);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(m.domain()).isEqualTo(EnergyDomain.PACKAGE);
    assertThat(m.name()).isEqualTo("hwmon:amd_energy:Esocket0");
    assertThat(m.description()).contains(SOCKET, "µJ", "reset", "1000 ms");
    assertThat(m.period()).hasSeconds(1);
  }

  @Test
  void aResetCountsFromZeroAndNeverGoesBackwards() {
    HwmonEnergyMeter m = openSocket();
    tree.write(SOCKET, 38_211_740_000L + 1_000_000);
    m.sampleNow();
    long before = m.readNanojoules();
    tree.write(SOCKET, 400_000);                      // driver reloaded: counting again from 0
    long after = m.readNanojoules();
    assertThat(after - before).isEqualTo(400_000_000L);
    m.sampleNow();
    tree.write(SOCKET, 700_000);
    assertThat(m.readNanojoules() - after).isEqualTo(300_000_000L);
    // two resets in one window, each caught by a sample
    m.sampleNow();
    long w0 = m.readNanojoules();
    tree.write(SOCKET, 100);
    m.sampleNow();
    tree.write(SOCKET, 50);
    m.sampleNow();
    tree.write(SOCKET, 80);
    assertThat(m.readNanojoules() - w0).isEqualTo((100 + 50 + 30) * 1000L);
  }

  @Test
  void aCounterVanishingMidRunFreezesAndTurnsUnavailable() {
    HwmonEnergyMeter m = openSocket();
    tree.write(SOCKET, 38_211_740_000L + 5_000);
    m.sampleNow();
    long frozen = m.readNanojoules();
    tree.delete(SOCKET);                                // module unloaded
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains(SOCKET, "stopped", "frozen");
    assertThat(m.readNanojoules()).isEqualTo(frozen);
  }

  @Test
  void garbageEmptyAndMissingFilesAreUnavailableWithThePath() {
    tree.writeRaw(SOCKET, "n/a\n");
    meter = HwmonEnergyMeter.open(socket(), TICKER);
    assertThat(meter.availability().reason()).contains(SOCKET, "'n/a'");
    tree.writeRaw(SOCKET, "");
    assertThat(HwmonEnergyMeter.open(socket(), TICKER).availability().reason()).contains(SOCKET, "empty");
    HwmonMeters.EnergyCounter gone = socket();
    tree.delete(SOCKET);
    assertThat(HwmonEnergyMeter.open(gone, TICKER).availability().reason()).contains(SOCKET, "unusable");
    assertThat(HwmonEnergyMeter.open(gone, TICKER).readNanojoules()).isZero();
  }

  @Test
  void ownerAndGroupOnlyFilesDegradeWithTheFixNamed() {
    // tests may run as root, so simulate the EACCES an unprivileged user outside the group gets from 0440
    CounterOpener deniedWithoutOthersRead = p -> {
      if (Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ)) {
        return CounterFile.open(p);
      }
      throw new AccessDeniedException(p.toString());
    };
    EnergyMeter m = HwmonEnergyMeter.open(socket(), TICKER, deniedWithoutOthersRead);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("permission denied", SOCKET, "CVE-2020-12912", "chmod o+r",
        "group", "SUBSYSTEM==\"hwmon\"");
    tree.permissions(SOCKET, "r--r--r--");
    meter = HwmonEnergyMeter.open(socket(), TICKER, deniedWithoutOthersRead);
    assertThat(meter.availability().available()).isTrue();
  }

  @Test
  void detectRanksTheSocketCounterAsAWholeCpuMeterAndNeverACoreCounter() {
    MeterDetection d = EnergyMeters.detect(dir.resolve("sys"), "amd64", FakeCpuClock.startingAt(0), TICKER);
    meter = d.meter();
    assertThat(d.meter()).isInstanceOf(HwmonEnergyMeter.class);
    assertThat(d.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(((HwmonEnergyMeter) d.meter()).counter().label()).isEqualTo("Esocket0");
    assertThat(d.explanation().get(1)).startsWith("2. hwmon").contains("accepted", "Esocket0", "ranked like RAPL package");

    // only core counters: reported, not used (a sum of cores leaves out the uncore)
    tree.delete(SOCKET).delete(CHIP + "energy9_label");
    MeterDetection cores = EnergyMeters.detect(dir.resolve("sys"), "amd64", FakeCpuClock.startingAt(0), TICKER);
    cores.meter().close();
    assertThat(cores.meter()).isInstanceOf(CpuTimeEstimatorMeter.class);
    assertThat(cores.explanation().get(1)).contains("rejected", "amd_energy, energy sensors", "whole-CPU energy counter");
  }
}
