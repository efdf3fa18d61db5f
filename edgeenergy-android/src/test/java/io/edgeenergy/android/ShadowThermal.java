package io.edgeenergy.android;

import android.os.PowerManager;
import org.robolectric.annotation.Implementation;
import org.robolectric.annotation.Implements;
import org.robolectric.shadows.ShadowPowerManager;

/**
 * Robolectric's {@code PowerManager} has no thermal HAL (its first {@code getThermalHeadroom} already
 * answers NaN). This shadow serves a settable headroom, counts the calls and can throw, as a binder
 * failure would.
 */
@Implements(PowerManager.class)
public class ShadowThermal extends ShadowPowerManager {
  static float headroom = Float.NaN;
  static int calls;
  static RuntimeException thrown;

  static void clearState() {
    headroom = Float.NaN;
    calls = 0;
    thrown = null;
  }

  @Implementation
  protected float getThermalHeadroom(int forecastSeconds) {
    calls++;
    if (thrown != null) {
      throw thrown;
    }
    return headroom;
  }
}
