package io.edgeenergy.android;

import static android.os.BatteryManager.BATTERY_PROPERTY_CURRENT_NOW;
import static android.os.BatteryManager.BATTERY_PROPERTY_ENERGY_COUNTER;
import static android.os.BatteryManager.BATTERY_PROPERTY_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.content.Context;
import android.content.Intent;
import android.os.BatteryManager;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.Implementation;
import org.robolectric.annotation.Implements;
import org.robolectric.shadows.ShadowBatteryManager;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE, shadows = BatteryManagerMeterTest.FailingBattery.class)
public class BatteryManagerMeterTest {
  private final Context context = RuntimeEnvironment.getApplication();
  private final AndroidTestSupport.ManualTicker ticker = new AndroidTestSupport.ManualTicker();
  private ShadowBatteryManager gauge;

  /** Robolectric's battery, plus a switch that makes its properties throw as a dead binder would. */
  @Implements(BatteryManager.class)
  public static class FailingBattery extends ShadowBatteryManager {
    static RuntimeException thrown;

    @Implementation
    @Override
    protected long getLongProperty(int id) {
      if (thrown != null) {
        throw thrown;
      }
      return super.getLongProperty(id);
    }
  }

  @Before
  public void setUp() {
    FailingBattery.thrown = null;
    gauge = shadowOf(context.getSystemService(BatteryManager.class));
    status(BatteryManager.BATTERY_STATUS_DISCHARGING);
    Intent battery = new Intent(Intent.ACTION_BATTERY_CHANGED).putExtra(BatteryManager.EXTRA_VOLTAGE, 4000);
    context.sendStickyBroadcast(battery);
  }

  private void status(int status) {
    gauge.setIntProperty(BATTERY_PROPERTY_STATUS, status);
  }

  private BatteryManagerMeter meter() {
    return BatteryManagerMeter.builder(context).ticker(ticker).withoutSampler().build();
  }

  @Test
  public void theEnergyCounterCountsDischargeOnlyAndStopsWhileCharging() {
    gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 10_000_000_000L);   // 10 Wh left
    try (BatteryManagerMeter m = meter()) {
      assertThat(m.source()).isEqualTo(BatteryManagerMeter.Source.ENERGY_COUNTER);
      assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(m.domain()).isEqualTo(EnergyDomain.BATTERY);
      gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 9_999_000_000L);   // 1 mWh = 3.6 J used
      m.sample();
      assertThat(m.readNanojoules()).isEqualTo(3_600_000_000L);
      status(BatteryManager.BATTERY_STATUS_CHARGING);
      gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 9_999_500_000L);
      m.sample();
      gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 9_999_400_000L);   // gauge noise while plugged in
      m.sample();
      assertThat(m.charging()).isTrue();
      assertThat(m.readNanojoules()).isEqualTo(3_600_000_000L);
    }
  }

  @Test
  public void anUnsupportedEnergyCounterFallsBackToCurrentTimesVoltage() {
    for (long unsupported : new long[] {0, Long.MIN_VALUE}) {
      gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, unsupported);
      gauge.setLongProperty(BATTERY_PROPERTY_CURRENT_NOW, -500_000);   // 0.5 A out of the battery, negative here
      try (BatteryManagerMeter m = meter()) {
        assertThat(m.source()).isEqualTo(BatteryManagerMeter.Source.CURRENT_TIMES_VOLTAGE);
        assertThat(m.description()).contains("ENERGY_COUNTER unsupported here (returned " + unsupported + ")");
        ticker.advanceMillis(1000);
        m.sample();
        assertThat(m.readNanojoules()).isEqualTo(2_000_000_000L);   // 0.5 A x 4.0 V x 1 s
      }
    }
  }

  @Test
  public void eitherCurrentSignCountsAsDischargeAndTheLearnedSignDecidesAnUnknownStatus() {
    gauge.setLongProperty(BATTERY_PROPERTY_CURRENT_NOW, 250_000);   // this gauge reports discharge as positive
    try (BatteryManagerMeter m = meter()) {
      ticker.advanceMillis(2000);
      m.sample();
      assertThat(m.readNanojoules()).isEqualTo(2_000_000_000L);   // 0.25 A x 4 V x 2 s
      status(BatteryManager.BATTERY_STATUS_UNKNOWN);
      gauge.setLongProperty(BATTERY_PROPERTY_CURRENT_NOW, -250_000);   // opposite sign: charging
      ticker.advanceMillis(1000);
      m.sample();
      ticker.advanceMillis(1000);
      m.sample();
      assertThat(m.readNanojoules()).isEqualTo(2_500_000_000L);   // only the trapezoid's first half counted
    }
  }

  @Test
  public void aGaugeWithNeitherPropertyIsUnavailableAndSaysWhatItReturned() {
    gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, Long.MIN_VALUE);
    gauge.setLongProperty(BATTERY_PROPERTY_CURRENT_NOW, 0);
    try (BatteryManagerMeter m = meter()) {
      assertThat(m.isCounting()).isFalse();
      assertThat(m.source()).isEqualTo(BatteryManagerMeter.Source.NONE);
      assertThat(m.availability().reason()).contains("neither", "returned " + Long.MIN_VALUE, "CURRENT_NOW (returned 0)");
      assertThat(m.readNanojoules()).isZero();
    }
  }

  @Test
  public void aThrowingBatteryManagerStopsTheCounterAndCloseStillWorks() {
    gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 5_000_000_000L);
    BatteryManagerMeter m = meter();
    gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 4_999_000_000L);
    m.sample();
    FailingBattery.thrown = new IllegalStateException("battery service died");
    m.sample();
    assertThat(m.isCounting()).isFalse();
    assertThat(m.availability().reason()).contains("battery service died");
    FailingBattery.thrown = null;
    gauge.setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 1_000_000_000L);
    m.sample();
    assertThat(m.readNanojoules()).isEqualTo(3_600_000_000L);
    m.close();
    m.close();
  }

  @Test
  public void aThrowingBatteryManagerAtStartGivesAnUnavailableMeter() {
    FailingBattery.thrown = new SecurityException("no access");
    try (BatteryManagerMeter m = meter()) {
      assertThat(m.isCounting()).isFalse();
      assertThat(m.availability().reason()).contains("no access");
    }
  }
}
