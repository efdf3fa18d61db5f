package io.edgeenergy.android;

import static android.os.PowerMonitor.POWER_MONITOR_TYPE_CONSUMER;
import static android.os.PowerMonitor.POWER_MONITOR_TYPE_MEASUREMENT;
import static org.assertj.core.api.Assertions.assertThat;

import android.content.Context;
import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import java.time.Duration;
import java.util.Random;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE, shadows = ShadowPowerMonitors.class)
public class PowerMonitorMeterTest {
  private final Context context = RuntimeEnvironment.getApplication();

  @Before
  public void reset() {
    ShadowPowerMonitors.clearState();
  }

  private PowerMonitorMeter meter() {
    return PowerMonitorMeter.builder(context).withoutSampler().build();
  }

  @Test
  public void measuredRailsArePreferredSummedAndReportedPerRail() {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "S4M_VDD_CPUCL2");
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_CONSUMER, "CPU");
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "S2S_VDD_G3D");
    ShadowPowerMonitors.energies = new long[] {5_000_000, 9_000_000, 7_000_000};   // since boot: not counted
    try (PowerMonitorMeter m = meter()) {
      assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(m.isCounting()).isTrue();
      assertThat(m.readNanojoules()).isZero();
      ShadowPowerMonitors.energies = new long[] {5_001_000, 9_999_999, 7_000_500};   // +1000 µWs, consumer, +500 µWs
      m.poll();
      assertThat(m.readNanojoules()).isEqualTo(1_500_000);
      assertThat(m.rails()).extracting(PowerMonitorMeter.Rail::name).containsExactly("S4M_VDD_CPUCL2", "S2S_VDD_G3D");
      assertThat(m.rails()).extracting(PowerMonitorMeter.Rail::energy)
          .containsExactly(Energy.ofMicrojoules(1000), Energy.ofMicrojoules(500));
      assertThat(m.description()).contains("measured power rails", "S4M_VDD_CPUCL2");
    }
  }

  @Test
  public void aRailThatGoesBackwardsIsRebasedNeverSubtracted() {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "VDD_CPU");
    ShadowPowerMonitors.energies = new long[] {1000};
    try (PowerMonitorMeter m = meter()) {
      ShadowPowerMonitors.energies = new long[] {3000};
      m.poll();
      assertThat(m.readNanojoules()).isEqualTo(2_000_000);
      ShadowPowerMonitors.energies = new long[] {10};   // the HAL restarted
      m.poll();
      assertThat(m.readNanojoules()).isEqualTo(2_000_000);
      assertThat(m.resets()).isEqualTo(1);
      ShadowPowerMonitors.energies = new long[] {110};
      m.poll();
      assertThat(m.readNanojoules()).isEqualTo(2_100_000);
    }
  }

  @Test
  public void randomReadingsGiveACounterThatNeverDecreases() {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "A");
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "B");
    Random random = new Random(11);
    try (PowerMonitorMeter m = meter()) {
      long previous = m.readNanojoules();
      long[] last = ShadowPowerMonitors.energies.clone();
      long expected = 0;
      for (int i = 0; i < 2000; i++) {
        long[] next = new long[2];
        for (int r = 0; r < 2; r++) {
          int kind = random.nextInt(10);
          // mostly growth, sometimes a reset to a lower value, sometimes ENERGY_UNAVAILABLE
          next[r] = kind == 0 ? random.nextInt(100) : kind == 1 ? -1 : last[r] + random.nextInt(5000);
          if (next[r] >= 0 && last[r] >= 0 && next[r] >= last[r]) {
            expected += (next[r] - last[r]) * 1000;
          }
          if (next[r] >= 0) {
            last[r] = next[r];
          }
        }
        ShadowPowerMonitors.energies = next;
        m.poll();
        assertThat(m.readNanojoules()).isGreaterThanOrEqualTo(previous);
        previous = m.readNanojoules();
      }
      assertThat(m.readNanojoules()).isEqualTo(expected);
    }
  }

  @Test
  public void modelledConsumersOnlyAreEstimatedOrRefusedWhenMeasuredOnly() {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_CONSUMER, "CPU");
    try (PowerMonitorMeter m = meter()) {
      assertThat(m.isCounting()).isTrue();
      assertThat(m.quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(m.description()).contains("modelled energy consumers");
    }
    try (PowerMonitorMeter m = PowerMonitorMeter.builder(context).measuredOnly().withoutSampler().build()) {
      assertThat(m.isCounting()).isFalse();
      assertThat(m.availability().reason()).contains("no measured power rail", "CPU");
    }
  }

  @Test
  public void aDeviceWithoutRailsDegradesWithAReason() {
    try (PowerMonitorMeter m = meter()) {
      assertThat(m.isCounting()).isFalse();
      assertThat(m.availability().reason()).contains("no power monitors", "ODPM");
      assertThat(m.readNanojoules()).isZero();
    }
  }

  @Test
  public void belowApi35TheMeterSaysItNeedsAndroid15() {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "VDD_CPU");
    AndroidTestSupport.atApiLevel(34, () -> {
      try (PowerMonitorMeter m = meter()) {
        assertThat(m.isCounting()).isFalse();
        assertThat(m.availability().reason()).contains("needs API 35", "API 34");
      }
    });
    assertThat(ShadowPowerMonitors.readingCalls).isZero();
  }

  @Test
  public void platformFailuresNeverReachTheCallerAndStopTheCounterAfterThree() {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "VDD_CPU");
    ShadowPowerMonitors.energies = new long[] {100};
    PowerMonitorMeter m = meter();
    ShadowPowerMonitors.energies = new long[] {200};
    m.poll();
    ShadowPowerMonitors.thrown = new SecurityException("binder died");
    m.poll();
    m.poll();
    assertThat(m.isCounting()).isTrue();   // two failures: transient so far
    ShadowPowerMonitors.thrown = null;
    ShadowPowerMonitors.errorOutcome = new IllegalStateException("power stats HAL gone");
    m.poll();
    m.poll();
    m.poll();
    assertThat(m.isCounting()).isFalse();
    assertThat(m.availability().reason()).contains("3 PowerMonitor readings in a row failed", "power stats HAL gone");
    ShadowPowerMonitors.errorOutcome = null;
    ShadowPowerMonitors.energies = new long[] {900};
    m.poll();
    assertThat(m.readNanojoules()).isEqualTo(100_000);   // frozen, never jumps
    m.close();
    m.close();
    assertThat(m.availability().reason()).contains("failed");   // the first reason stays
  }

  @Test
  public void theSamplerPollsOffTheCallersThread() throws InterruptedException {
    ShadowPowerMonitors.add(POWER_MONITOR_TYPE_MEASUREMENT, "VDD_CPU");
    ShadowPowerMonitors.energies = new long[] {0};
    try (PowerMonitorMeter m = PowerMonitorMeter.builder(context).period(Duration.ofMillis(10)).build()) {
      ShadowPowerMonitors.energies = new long[] {42};
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (m.readNanojoules() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(m.readNanojoules()).isEqualTo(42_000);
    }
  }
}
