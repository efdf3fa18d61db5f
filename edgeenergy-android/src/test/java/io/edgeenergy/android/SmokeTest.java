package io.edgeenergy.android;

import static org.assertj.core.api.Assertions.assertThat;

import android.content.Context;
import android.os.BatteryManager;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE)
public class SmokeTest {
  @Test
  public void batteryService() {
    Context c = RuntimeEnvironment.getApplication();
    assertThat(c.getSystemService(BatteryManager.class)).isNotNull();
  }
}
