package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplMeterTest {
  private static final String PKG = "sys/class/powercap/intel-rapl:0/";
  private static final String CORE = "sys/class/powercap/intel-rapl:0:0/";
  private static final long RANGE = 262_143_328_850L;   // max_energy_range_uj from the fixture

  @TempDir Path dir;
  SysfsTree tree;
  final AtomicLong now = new AtomicLong();

  @BeforeEach
  void load() {
    tree = SysfsTree.at(dir).load("rapl-intel-client-2zones-procfs.txt");
  }

  private RaplMeter meter(String zoneName) {
    RaplMeter.Discovery d = RaplMeter.discover(dir.resolve("sys"));
    RaplMeter.RaplZone z = d.zones().stream().filter(x -> x.name().equals(zoneName)).findFirst().orElseThrow();
    EnergyMeter m = RaplMeter.open(z, now::get, CounterFile::open, RaplMeter.DEFAULT_MAX_POWER_WATTS);
    assertThat(m).isInstanceOf(RaplMeter.class);
    return (RaplMeter) m;
  }

  @Test
  void discoversBothZonesOfTheFixtureWithDomainsAndRange() {
    RaplMeter.Discovery d = RaplMeter.discover(dir.resolve("sys"));
    assertThat(d.problems()).isEmpty();
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::name).containsExactly("package-0", "core");
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::domain).containsExactly(EnergyDomain.PACKAGE, EnergyDomain.CORE);
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::topLevel).containsExactly(true, false);
    assertThat(d.zones().get(0).maxEnergyRangeMicrojoules()).isEqualTo(RANGE);
    assertThat(RaplMeter.probe(dir.resolve("sys")).available()).isTrue();
  }

  @Test
  void exactNanojouleDeltaAndMeasuredQuality() {
    RaplMeter m = meter("package-0");
    long start = m.readNanojoules();
    tree.write(PKG + "energy_uj", 240_422_366_267L + 1_234_567L);
    assertThat(m.readNanojoules() - start).isEqualTo(1_234_567_000L);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(m.domain()).isEqualTo(EnergyDomain.PACKAGE);
    assertThat(m.name()).isEqualTo("rapl:package-0");
  }

  @Test
  void oneWrapWithoutAnySample() {
    RaplMeter m = meter("package-0");
    long start = m.readNanojoules();
    tree.write(PKG + "energy_uj", 5_000_000L);   // wrapped: (RANGE - 240422366267) + 5 J
    assertThat(m.readNanojoules() - start).isEqualTo((RANGE - 240_422_366_267L + 5_000_000L) * 1000);
  }

  @Test
  void threeWrapsInOneWindowAreCountedBySamples() {
    RaplMeter m = meter("package-0");
    long start = m.readNanojoules();
    long first = 240_422_366_267L;
    long expectedUj = 0;
    // each step covers less than the range, so each sample sees at most one wrap
    long[] raws = {200_000_000_000L, 100_000_000_000L, 50_000_000_000L};   // three wraps
    long last = first;
    for (long raw : raws) {
      tree.write(PKG + "energy_uj", raw);
      m.sampleNow();
      expectedUj += RANGE - last + raw;
      last = raw;
    }
    tree.write(PKG + "energy_uj", 60_000_000_000L);   // window closes without a further wrap
    expectedUj += 10_000_000_000L;
    long got = m.readNanojoules() - start;
    assertThat(got).isEqualTo(expectedUj * 1000);
    // a plain start/end delta would see one wrap only and lose exactly two ranges
    long naive = io.edgeenergy.energy.EnergyReading.delta(first, 60_000_000_000L, RANGE) * 1000;
    assertThat(got - naive).isEqualTo(2 * RANGE * 1000);
  }

  @Test
  void samplingPeriodKeepsAtMostHalfTheRangeBetweenSamples() {
    assertThat(RaplMeter.periodNanos(RANGE, 500)).isEqualTo(10_000_000_000L);   // 262 s at 500 W → clamp 10 s
    assertThat(RaplMeter.periodNanos(1_000_000L, 100)).isEqualTo(10_000_000L);   // 5 ms → clamp 10 ms
    assertThat(RaplMeter.periodNanos(60_000_000L, 1000)).isEqualTo(30_000_000L);  // 30 J at 1 kW
  }

  @Test
  void rootOnlyCounterDegradesWithTheFixNamed() throws Exception {
    tree.permissions(PKG + "energy_uj", "r--------");
    Path energy = dir.resolve(PKG + "energy_uj");
    // tests run as root here, so simulate the EACCES an unprivileged user gets from the 0400 file
    CounterOpener deniedFor0400 = p -> {
      if (java.nio.file.Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        return CounterFile.open(p);
      }
      throw new AccessDeniedException(p.toString());
    };
    RaplMeter.Discovery d = RaplMeter.discover(dir.resolve("sys"), deniedFor0400);
    assertThat(d.zones()).extracting(RaplMeter.RaplZone::name).containsExactly("core");
    assertThat(d.problems()).singleElement().asString()
        .contains("permission denied", energy.toString(), "chmod o+r", "udev", "SUBSYSTEM==\"powercap\"", "group");

    RaplMeter.RaplZone pkgZone = new RaplMeter.RaplZone(dir.resolve(PKG), "package-0", EnergyDomain.PACKAGE, RANGE);
    EnergyMeter m = RaplMeter.open(pkgZone, now::get, deniedFor0400, 500);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains(energy.toString(), "chmod o+r");
    assertThat(m.readNanojoules()).isZero();
  }

  @Test
  void garbageEmptyAndMissingFilesAreUnavailableWithPathAndContent() {
    tree.write(PKG + "energy_uj", "0x1f");
    tree.writeRaw(CORE + "energy_uj", "");
    RaplMeter.Discovery d = RaplMeter.discover(dir.resolve("sys"));
    assertThat(d.zones()).isEmpty();
    assertThat(d.problems()).anySatisfy(p -> assertThat(p).contains(PKG + "energy_uj", "'0x1f'"));
    assertThat(d.problems()).anySatisfy(p -> assertThat(p).contains(CORE + "energy_uj", "empty"));
    assertThat(d.availability().available()).isFalse();

    tree.delete(PKG + "energy_uj").write(PKG + "energy_uj", 1).delete(CORE + "max_energy_range_uj");
    tree.write(PKG + "max_energy_range_uj", "lots");
    RaplMeter.Discovery d2 = RaplMeter.discover(dir.resolve("sys"));
    assertThat(d2.zones()).isEmpty();
    assertThat(d2.problems()).anySatisfy(p -> assertThat(p).contains("max_energy_range_uj", "'lots'"));
    assertThat(d2.problems()).anySatisfy(p -> assertThat(p).contains(CORE + "max_energy_range_uj"));

    assertThat(RaplMeter.probe(dir.resolve("nowhere")).reason()).contains("does not exist");
  }

  @Test
  void garbageMidRunFreezesTheCounter() {
    RaplMeter m = meter("package-0");
    long start = m.readNanojoules();
    tree.write(PKG + "energy_uj", 240_422_366_267L + 1000);
    m.sampleNow();
    tree.write(PKG + "energy_uj", "garbage");
    long after = m.readNanojoules();
    assertThat(after - start).isEqualTo(1_000_000L);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("'garbage'");
  }

  @Test
  void zoneVanishingMidRunTurnsUnavailableAndNeverJumps() {
    RaplMeter m = meter("package-0");
    long start = m.readNanojoules();
    tree.write(PKG + "energy_uj", 240_422_366_267L + 2000);
    m.sampleNow();
    tree.delete(PKG + "energy_uj");
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("frozen");
    tree.write(PKG + "energy_uj", 7);   // a new zone with a reset counter appears: ignored
    assertThat(m.readNanojoules() - start).isEqualTo(2_000_000L);
    assertThat(m.readNanojoules() - start).isEqualTo(2_000_000L);
  }

  @Test
  void neverSumsNestedZones() {
    RaplMeter pkg = meter("package-0");
    RaplMeter core = meter("core");
    long p0 = pkg.readNanojoules();
    long c0 = core.readNanojoules();
    tree.write(PKG + "energy_uj", 240_422_366_267L + 10_000);
    tree.write(CORE + "energy_uj", 118_821_284_256L + 6_000);   // core ⊂ package
    assertThat(pkg.readNanojoules() - p0).isEqualTo(10_000_000L);   // not 16 000 000
    assertThat(core.readNanojoules() - c0).isEqualTo(6_000_000L);
    List<EnergyMeter> packages = RaplMeter.openPackages(dir.resolve("sys"));
    try {
      assertThat(packages).extracting(EnergyMeter::name).containsExactly("rapl:package-0");
    } finally {
      packages.forEach(EnergyMeter::close);
    }
    List<String> reasons = new ArrayList<>();
    try (RaplMeter detected = RaplMeter.detectPackage0(dir.resolve("sys"), reasons).orElseThrow()) {
      assertThat(detected.domain()).isEqualTo(EnergyDomain.PACKAGE);
    }
    assertThat(reasons).isEmpty();
  }

  @Test
  void samplerThreadRuns() throws Exception {
    RaplMeter m = meter("package-0").start();
    try {
      assertThat(m.period().toMillis()).isEqualTo(10_000);
      assertThat(m.availability().available()).isTrue();
    } finally {
      m.close();
    }
    assertThat(m.availability().available()).isFalse();
  }
}
