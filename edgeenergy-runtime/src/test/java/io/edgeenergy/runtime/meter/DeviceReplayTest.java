package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.testkit.device.DeviceFault.Kind;
import io.edgeenergy.testkit.device.DeviceFault;
import io.edgeenergy.testkit.device.SimulatedDevice;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every measured meter against a live simulated device (issue #9 item 2): the real meter and its
 * sampler thread read a tmpfs sysfs tree that a writer thread updates from a power trace, while 8
 * threads run pipelines on it with one shared budget. Invariants: the meter never decreases, ledger
 * conservation is exact against the test's own accounting, the measured energy is within the analytic
 * sampling bound of the trace's true integral, no exception escapes, no thread or file handle is left.
 *
 * <p>Short form here (about 2 s per device); the long form, at least 1 M inferences per device:
 * {@code mvn -B verify -pl edgeenergy-runtime -am -Dedgeenergy.long=true -Dtest=DeviceReplayTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DeviceReplayTest {
  private static final Duration SHORT = Duration.ofSeconds(2);
  /** A fault duration no run reaches: the fault ends when the device closes. */
  private static final Duration UNTIL_CLOSED = Duration.ofDays(1);

  static void assertHealthy(DeviceScenario.Figures f) {
    assertThat(f.escaped()).as("exceptions that escaped a pipeline").isEmpty();
    assertThat(f.monotonicViolations()).as("reads lower than an earlier read").isZero();
    assertThat(f.ledgerMismatches()).as("ledger vs the test's accounting").isZero();
    assertThat(f.budgetUsedNj()).as("budget used vs the results' energies").isEqualTo(f.resultsNj());
    assertThat(f.leftoverFds()).as("file handles into the device after close()").isZero();
    assertThat(f.leftoverThreads()).as("threads left after close()").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(SimulatedDevice.Kind.class)
  void everyMeterIsMonotonicConservedAndWithinTheSamplingBound(SimulatedDevice.Kind kind) throws Exception {
    DeviceScenario.Figures f = DeviceScenario.run(
        SimulatedDevice.builder(kind, DeviceScenario.trace(kind)), 20_000, SHORT);
    assertHealthy(f);
    assertThat(f.countingAtEnd()).as(f.reason()).isTrue();
    assertThat(f.errorJ()).as("|measured - true| for %s", f.row()).isLessThanOrEqualTo(f.boundJ());
    assertThat(f.measuredJ()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(SimulatedDevice.Kind.class)
  void garbageStopsEveryMeterWithTheFileNamed(SimulatedDevice.Kind kind) throws Exception {
    try (SimulatedDevice dev = SimulatedDevice.builder(kind, DeviceScenario.trace(kind))
        .fault(DeviceFault.of(Kind.GARBAGE, Duration.ofMillis(100), Duration.ofSeconds(5))).build()) {
      DeviceMeters.Opened opened = DeviceMeters.open(dev);
      dev.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (opened.meter().isCounting() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(opened.meter().isCounting()).as("%s still counting", kind).isFalse();
      assertThat(opened.meter().availability().reason()).contains(kind == SimulatedDevice.Kind.RASPBERRY_PI5
          ? "vcgencmd" : dev.valueFile().getFileName().toString());
      opened.meter().close();
    }
  }

  @Test
  void aRaplZoneThatReturnsIsCountedAgainByANewMeter() throws Exception {
    try (SimulatedDevice dev = SimulatedDevice.builder(SimulatedDevice.Kind.RAPL, DeviceScenario.trace(SimulatedDevice.Kind.RAPL))
        .fault(DeviceFault.of(Kind.VANISH, Duration.ofMillis(100), Duration.ofMillis(300))).build()) {
      EnergyMeter first = DeviceMeters.open(dev).meter();
      dev.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (first.isCounting() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(first.isCounting()).isFalse();
      long frozen = first.readNanojoules();
      while (!java.nio.file.Files.exists(dev.valueFile()) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50);
      try (EnergyMeter again = DeviceMeters.open(dev).meter()) {
        long a = again.readNanojoules();
        Thread.sleep(100);
        assertThat(again.isCounting()).isTrue();
        assertThat(again.readNanojoules()).isGreaterThan(a);
      }
      assertThat(first.readNanojoules()).as("the stopped meter stays frozen").isEqualTo(frozen);
      first.close();
    }
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(SimulatedDevice.Kind.RAPL, Kind.VANISH, "intel-rapl:0"),
        Arguments.of(SimulatedDevice.Kind.JETSON_JETPACK5, Kind.DROPOUT, "curr1_input"),
        Arguments.of(SimulatedDevice.Kind.JETSON_JETPACK4, Kind.GARBAGE, "in_power0_input"),
        Arguments.of(SimulatedDevice.Kind.BATTERY, Kind.DENIED, "power_now"),
        Arguments.of(SimulatedDevice.Kind.AMD_ENERGY, Kind.DENIED, "energy9_input"),
        Arguments.of(SimulatedDevice.Kind.RASPBERRY_PI5, Kind.DENIED, "/dev/vcio"));
  }

  /**
   * A fault mid-run: the meter stops with the reason, and still nothing escapes, decreases or leaks.
   * The fault lasts until the device closes and the pipelines run until the meter has stopped: with a
   * 600 ms fault the meter had to sample inside it, and a loaded machine stretches the Pi's sample gaps
   * (a vcgencmd process per sample) past 600 ms, so the fault could fall between two samples.
   */
  @ParameterizedTest
  @MethodSource("faults")
  void aFaultMidRunStopsTheMeterWithTheReasonAndNothingEscapes(SimulatedDevice.Kind kind, Kind fault, String named)
      throws Exception {
    DeviceScenario.Figures f = DeviceScenario.runUntilTheMeterStops(SimulatedDevice.builder(kind,
        DeviceScenario.trace(kind)).fault(DeviceFault.of(fault, Duration.ofMillis(800), UNTIL_CLOSED)), 20_000, SHORT);
    assertHealthy(f);
    assertThat(f.faults()).containsEntry(fault, 1);
    assertThat(f.countingAtEnd()).isFalse();
    assertThat(f.reason()).contains(named);
  }

  @Test
  void anAmdEnergyResetKeepsTheMeterCountingAndMonotonic() throws Exception {
    DeviceScenario.Figures f = DeviceScenario.run(SimulatedDevice.builder(SimulatedDevice.Kind.AMD_ENERGY,
            DeviceScenario.trace(SimulatedDevice.Kind.AMD_ENERGY))
        .fault(DeviceFault.of(Kind.RESET, Duration.ofMillis(900), Duration.ZERO)), 20_000, SHORT);
    assertHealthy(f);
    assertThat(f.countingAtEnd()).isTrue();
    // a reset loses at most what was spent since the last sample (1 s period): an under-count, never a jump
    assertThat(f.measuredJ()).isLessThanOrEqualTo(f.trueJ() + f.boundJ());
  }

  /** The long form: at least 1 M inferences per device over 8 threads, figures logged as a table row. */
  @ParameterizedTest
  @EnumSource(SimulatedDevice.Kind.class)
  @EnabledIfSystemProperty(named = "edgeenergy.long", matches = "true")
  void longFormAMillionInferencesPerDevice(SimulatedDevice.Kind kind) throws Exception {
    DeviceScenario.Figures f = DeviceScenario.run(
        SimulatedDevice.builder(kind, DeviceScenario.trace(kind)), 1_000_000, Duration.ofSeconds(10));
    assertHealthy(f);
    assertThat(f.inferences()).isGreaterThanOrEqualTo(1_000_000);
    assertThat(f.errorJ()).as(f.row()).isLessThanOrEqualTo(f.boundJ());
  }
}
