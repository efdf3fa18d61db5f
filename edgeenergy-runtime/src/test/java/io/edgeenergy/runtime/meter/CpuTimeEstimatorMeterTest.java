package io.edgeenergy.runtime.meter;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyReading;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.lang.management.ManagementFactory;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class CpuTimeEstimatorMeterTest {
  private static final PowerProfile PROFILE = PowerProfile.custom()
      .name("board").source("test").basePower(Power.ofMilliwatts(2000))
      .cluster("core", 4, Map.of(1_000_000L, Power.ofMilliwatts(1000), 3_000_000L, Power.ofMilliwatts(7000)))
      .build();
  private static final Ticker TICKER = () -> 42;

  private static CpuTimeEstimatorMeter meter(FakeCpuClock clock) {
    return new CpuTimeEstimatorMeter(PROFILE, PROFILE.typicalFrequencyKhz(), clock, TICKER);
  }

  @Test
  void chargesCpuTimeTimesActivePowerPerCoreExactly() {
    FakeCpuClock clock = FakeCpuClock.startingAt(5_000_000);   // 5 ms before the meter existed
    CpuTimeEstimatorMeter meter = meter(clock);

    long before = meter.readNanojoules();
    clock.advanceNanos(1_000_000);                             // 1 ms of CPU at 7 W = 7 mJ
    long after = meter.readNanojoules();

    assertThat(before).isEqualTo(35_000_000);                  // 5 ms × 7 W = 35 mJ, in nJ
    assertThat(after - before).isEqualTo(7_000_000);
    clock.advanceNanos(1);                                     // 1 ns × 7 W = 7 nJ
    assertThat(meter.readNanojoules() - after).isEqualTo(7);
  }

  @Test
  void describesItselfAsAnEstimateOfTheCpuDomain() {
    CpuTimeEstimatorMeter meter = meter(FakeCpuClock.startingAt(0));

    assertThat(meter.name()).isEqualTo("cpu-time-estimator");
    assertThat(meter.quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(meter.domain()).isEqualTo(EnergyDomain.CPU);
    assertThat(meter.availability().available()).isTrue();
    assertThat(meter.wrapRangeNanojoules()).isZero();
    assertThat(meter.ticker()).isSameAs(TICKER);
    assertThat(meter.profile()).isSameAs(PROFILE);
    assertThat(meter.activePowerPerCore()).isEqualTo(Power.ofWatts(7));
    assertThat(meter.frequencyKhz()).isEqualTo(3_000_000);
    assertThat(meter.description()).contains("calling thread", "7.000 W", "board", "3000000 kHz",
        "2.000 W not attributed", "ESTIMATED");
  }

  @Test
  void aGivenFrequencyUsesTheInterpolatedPower() {
    FakeCpuClock clock = FakeCpuClock.startingAt(0);
    CpuTimeEstimatorMeter meter = new CpuTimeEstimatorMeter(PROFILE, 2_000_000, clock, TICKER);
    clock.advanceNanos(1_000_000_000);                         // 1 s at 4 W (midway 1-7 W)

    assertThat(meter.activePowerPerCore()).isEqualTo(Power.ofWatts(4));
    assertThat(meter.readNanojoules()).isEqualTo(4_000_000_000L);
  }

  @Test
  void readingsMakeAMeasurementLabelledEstimated() {
    FakeCpuClock clock = FakeCpuClock.startingAt(0);
    CpuTimeEstimatorMeter meter = meter(clock);
    EnergyReading start = meter.read();
    clock.advanceNanos(2_000_000);
    EnergyReading end = meter.read();

    EnergyReading.Measurement m = EnergyReading.between(start, end);
    assertThat(m.energy().nanojoules()).isEqualTo(14_000_000);
    assertThat(m.quality()).isEqualTo(EnergyQuality.ESTIMATED);
  }

  @Test
  void unavailableCpuTimeGivesAReasonAndAZeroCounter() {
    FakeCpuClock clock = FakeCpuClock.unavailable("per-thread CPU time is disabled in this JVM");
    CpuTimeEstimatorMeter meter = meter(clock);
    clock.advanceNanos(1_000_000_000);

    assertThat(meter.availability().available()).isFalse();
    assertThat(meter.availability().reason()).isEqualTo("per-thread CPU time is disabled in this JVM");
    assertThat(meter.readNanojoules()).isZero();
    assertThat(meter.description()).contains("unavailable: per-thread CPU time is disabled");
    assertThat(meter.threadCpuMicrowatts()).as("no wall-clock metering on a clock that does not count").isZero();
  }

  @Test
  void declaresItsPowerPerBusyCoreSoPipelinesTimeItsWindowsWithTheWallClock() {
    CpuTimeEstimatorMeter meter = meter(FakeCpuClock.startingAt(0));
    assertThat(meter.threadCpuMicrowatts()).isPositive().isEqualTo(meter.activePowerPerCore().microwatts());
  }

  @Test
  void staysExactPastTheRangeWherePowerOverNanosAllocates() {
    long threeHours = 3L * 3600 * 1_000_000_000L;              // 7e6 µW × 1.08e13 ns > 2^63
    FakeCpuClock clock = FakeCpuClock.startingAt(threeHours);
    assertThat(meter(clock).readNanojoules()).isEqualTo(Power.ofWatts(7).overNanos(threeHours))
        .isEqualTo(75_600_000_000_000L);                       // 7 W × 10 800 s = 75.6 kJ
  }

  @Test
  void readingDoesNotAllocate() {
    var bean = ManagementFactory.getThreadMXBean();
    assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
    var sun = (com.sun.management.ThreadMXBean) bean;
    assumeThat(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()).isTrue();
    FakeCpuClock clock = FakeCpuClock.startingAt(3L * 3600 * 1_000_000_000L);
    CpuTimeEstimatorMeter fake = meter(clock);
    CpuTimeEstimatorMeter real = EnergyMeters.estimator(PROFILE);
    long sink = 0;
    for (int i = 0; i < 20_000; i++) {                         // warm up the JIT
      clock.advanceNanos(1_000);
      sink += fake.readNanojoules() + real.readNanojoules();
    }

    // The best of a few rounds: on a loaded machine the JIT may still be compiling during the first
    // one (a few hundred bytes of residue), whereas a real per-read allocation costs >= 16 B x 40 000
    // in every round.
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 10 && allocated >= 1_000; round++) {
      long before = sun.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 20_000; i++) {
        clock.advanceNanos(1_000);
        sink += fake.readNanojoules() + real.readNanojoules();
      }
      allocated = Math.min(allocated, sun.getCurrentThreadAllocatedBytes() - before);
    }

    assertThat(sink).isNotZero();
    assertThat(allocated).as("bytes allocated by 40 000 reads (best of up to 10 rounds)").isLessThan(1_000);
  }

  @Property
  void counterIsMonotonicAndMatchesPowerOverNanos(
      @ForAll @Size(max = 20) java.util.List<@LongRange(min = 0, max = 10_000_000_000L) Long> steps) {
    FakeCpuClock clock = FakeCpuClock.startingAt(0);
    CpuTimeEstimatorMeter meter = meter(clock);
    long cpu = 0;
    long last = meter.readNanojoules();
    for (long step : steps) {
      clock.advanceNanos(step);
      cpu += step;
      long now = meter.readNanojoules();
      assertThat(now).isGreaterThanOrEqualTo(last).isEqualTo(Power.ofWatts(7).overNanos(cpu));
      last = now;
    }
  }
}
