package io.edgeenergy.runtime.meter;

import io.edgeenergy.runtime.profile.PowerProfile;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The estimator over the JVM's real thread CPU clock: plausibility only, no timing assertions. */
class RealCpuClockSmokeTest {
  @Test
  void burningAboutTwentyMillisecondsOfCpuRaisesTheCounterPlausibly() {
    CpuTimeEstimatorMeter meter = EnergyMeters.estimator(PowerProfile.builtIn(PowerProfile.GENERIC_X86_64));
    assumeThat(meter.availability().available()).as(meter.availability().toString()).isTrue();
    var bean = ManagementFactory.getThreadMXBean();

    long before = meter.readNanojoules();
    long cpuStart = bean.getCurrentThreadCpuTime();
    double x = 1;
    while (bean.getCurrentThreadCpuTime() - cpuStart < 20_000_000) {   // burn, never sleep
      for (int i = 0; i < 10_000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    long risen = meter.readNanojoules() - before;

    assertThat(x).isPositive();
    assertThat(risen).as("nJ for ~20 ms of CPU at 7 W (~140 mJ)").isPositive().isLessThan(1_000_000_000L);
  }
}
