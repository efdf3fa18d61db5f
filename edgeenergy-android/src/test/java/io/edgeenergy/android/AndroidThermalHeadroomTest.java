package io.edgeenergy.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.content.Context;
import android.os.PowerManager;
import io.edgeenergy.thermal.ThermalPressure;
import java.time.Duration;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowLooper;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE, shadows = ShadowThermal.class)
public class AndroidThermalHeadroomTest {
  private final Context context = RuntimeEnvironment.getApplication();
  private final AndroidTestSupport.ManualTicker ticker = new AndroidTestSupport.ManualTicker();

  @Before
  public void reset() {
    ShadowThermal.clearState();
  }

  private AndroidThermalHeadroom headroom() {
    return AndroidThermalHeadroom.builder(context).ticker(ticker).build();
  }

  @Test
  public void thePlatformIsCalledAtMostOnceASecondWhateverTheCallers() {
    ShadowThermal.headroom = 0.5f;
    try (AndroidThermalHeadroom h = headroom()) {
      for (int i = 0; i < 100; i++) {
        assertThat(h.headroom()).isEqualTo(0.5);
        assertThat(h.forecast(Duration.ofSeconds(10))).isEqualTo(0.5);   // no forecast yet: the current value
        ticker.advanceMillis(5);
      }
      assertThat(ShadowThermal.calls).isEqualTo(1);
      ticker.advanceMillis(1000);
      ShadowThermal.headroom = 0.7f;
      assertThat(h.forecast(Duration.ofSeconds(10))).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(h.headroom()).isEqualTo(0.5);   // the current headroom's cache is still within its second
      assertThat(ShadowThermal.calls).isEqualTo(2);
    }
  }

  @Test
  public void aNanFromThePlatformKeepsTheLastValueForTenSeconds() {
    ShadowThermal.headroom = 0.6f;
    try (AndroidThermalHeadroom h = headroom()) {
      assertThat(h.headroom()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
      ShadowThermal.headroom = Float.NaN;   // e.g. another component of the app polled too fast
      ticker.advanceMillis(1500);
      assertThat(h.headroom()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
      ticker.advanceMillis(10_000);
      assertThat(h.headroom()).isNaN();
    }
  }

  @Test
  public void aThrowingPlatformCallIsUnknownHeadroomNotAnException() {
    ShadowThermal.thrown = new IllegalStateException("thermal HAL died");
    try (AndroidThermalHeadroom h = headroom()) {
      assertThat(h.headroom()).isNaN();
      assertThat(h.failures()).isEqualTo(1);
      assertThat(ThermalPressure.of(h.headroom(), ThermalPressure.DEFAULT_ONSET)).isZero();
    }
  }

  @Test
  public void theThermalStatusBecomesPressureWhenTheHeadroomSaysNothing() {
    try (AndroidThermalHeadroom h = headroom()) {
      assertThat(h.headroom()).isNaN();
      shadowOf(context.getSystemService(PowerManager.class)).setCurrentThermalStatus(PowerManager.THERMAL_STATUS_MODERATE);
      ShadowLooper.idleMainLooper();
      assertThat(ThermalPressure.of(h.headroom(), ThermalPressure.DEFAULT_ONSET)).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
      shadowOf(context.getSystemService(PowerManager.class)).setCurrentThermalStatus(PowerManager.THERMAL_STATUS_SEVERE);
      ShadowLooper.idleMainLooper();
      assertThat(ThermalPressure.of(h.headroom(), ThermalPressure.DEFAULT_ONSET)).isEqualTo(1.0);
    }
  }

  @Test
  public void belowApi30OnlyTheStatusIsUsedAndCloseRemovesTheListener() {
    AndroidTestSupport.atApiLevel(29, () -> {
      AndroidThermalHeadroom h = headroom();
      assertThat(h.availability().reason()).contains("needs API 30", "API 29");
      assertThat(h.headroom()).isNaN();
      assertThat(ShadowThermal.calls).isZero();
      assertThat(h.listening()).isFalse();   // the API 36 listener does not exist here
      h.close();
      h.close();
    });
    assertThat(shadowOf(context.getSystemService(PowerManager.class)).getThermalStatusListeners()).isEmpty();
  }
}
