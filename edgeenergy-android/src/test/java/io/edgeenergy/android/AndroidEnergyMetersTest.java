package io.edgeenergy.android;

import static android.os.BatteryManager.BATTERY_PROPERTY_CURRENT_NOW;
import static android.os.BatteryManager.BATTERY_PROPERTY_ENERGY_COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.content.Context;
import android.os.BatteryManager;
import android.os.PowerMonitor;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyMeter;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE, shadows = ShadowPowerMonitors.class)
public class AndroidEnergyMetersTest {
  private final Context context = RuntimeEnvironment.getApplication();

  @Before
  public void reset() {
    ShadowPowerMonitors.clearState();
    shadowOf(context.getSystemService(BatteryManager.class)).setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 0);
    shadowOf(context.getSystemService(BatteryManager.class)).setLongProperty(BATTERY_PROPERTY_CURRENT_NOW, 0);
  }

  @Test
  public void measuredRailsWinAndTheChoiceIsExplained() {
    ShadowPowerMonitors.add(PowerMonitor.POWER_MONITOR_TYPE_MEASUREMENT, "VDD_CPU");
    AndroidEnergyMeters.Detection d = AndroidEnergyMeters.detect(context);
    try (EnergyMeter m = d.meter()) {
      assertThat(m).isInstanceOf(PowerMonitorMeter.class);
      assertThat(d.meter().quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(d.explanation()).singleElement().asString().startsWith("chosen: android-powermonitor (MEASURED)");
    }
  }

  @Test
  public void withoutRailsTheBatteryIsChosenAndTheRailsRejectionSaysWhy() {
    shadowOf(context.getSystemService(BatteryManager.class)).setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 4_000_000_000L);
    AndroidEnergyMeters.Detection d = AndroidEnergyMeters.detect(context);
    try (EnergyMeter m = d.meter()) {
      assertThat(m).isInstanceOf(BatteryManagerMeter.class);
      assertThat(d.explanation()).hasSize(2);
      assertThat(d.explanation().get(0)).contains("rejected android-powermonitor", "no power monitors");
      assertThat(d.explanation().get(1)).contains("chosen: android-battery (MEASURED, ENERGY_COUNTER)");
    }
  }

  @Test
  public void modelledConsumersComeAfterTheBattery() {
    ShadowPowerMonitors.add(PowerMonitor.POWER_MONITOR_TYPE_CONSUMER, "CPU");
    AndroidEnergyMeters.Detection d = AndroidEnergyMeters.detect(context);
    try (EnergyMeter m = d.meter()) {
      assertThat(m.quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(d.explanation().get(0)).contains("only modelled consumers");
      assertThat(d.explanation().get(1)).contains("rejected android-battery", "neither");
      assertThat(d.explanation().get(2)).startsWith("chosen: android-powermonitor (ESTIMATED)");
    }
  }

  @Test
  public void nothingWorkingGivesAnUnavailableMeterListingEveryReason() {
    AndroidEnergyMeters.Detection d = AndroidEnergyMeters.detect(context);
    assertThat(d.meter().isCounting()).isFalse();
    assertThat(d.meter().availability().reason()).contains("no power monitors", "neither");
    assertThat(d.toString()).contains("no meter");
  }
}
