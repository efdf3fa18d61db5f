package io.edgeenergy.android;

import android.os.OutcomeReceiver;
import android.os.PowerMonitor;
import android.os.PowerMonitorReadings;
import android.os.health.SystemHealthManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.robolectric.annotation.Implementation;
import org.robolectric.annotation.Implements;
import org.robolectric.shadows.ShadowSystemHealthManager;

/**
 * Robolectric has no power-stats service, so {@code SystemHealthManager} lists no monitors. This
 * shadow serves a fixed set of monitors and cumulative energies (µW·s since boot) as the API 35
 * contract describes: results arrive through the caller's executor, {@code ENERGY_UNAVAILABLE} (-1)
 * for a rail without a value, errors through {@code OutcomeReceiver.onError}.
 */
@Implements(SystemHealthManager.class)
public class ShadowPowerMonitors extends ShadowSystemHealthManager {
  static final List<PowerMonitor> MONITORS = new ArrayList<>();
  static long[] energies = new long[0];
  static RuntimeException thrown;
  static RuntimeException errorOutcome;
  static int readingCalls;

  static void clearState() {
    MONITORS.clear();
    energies = new long[0];
    thrown = null;
    errorOutcome = null;
    readingCalls = 0;
  }

  /** Adds a monitor; its index is its position, as the platform numbers them. */
  static PowerMonitor add(int type, String name) {
    PowerMonitor m = new PowerMonitor(MONITORS.size(), type, name);
    MONITORS.add(m);
    energies = java.util.Arrays.copyOf(energies, MONITORS.size());
    return m;
  }

  @Implementation
  protected void getSupportedPowerMonitors(Executor executor, Consumer<List<PowerMonitor>> onResult) {
    List<PowerMonitor> copy = List.copyOf(MONITORS);
    executor.execute(() -> onResult.accept(copy));
  }

  @Implementation
  protected void getPowerMonitorReadings(List<PowerMonitor> monitors, Executor executor,
      OutcomeReceiver<PowerMonitorReadings, RuntimeException> receiver) {
    readingCalls++;
    if (thrown != null) {
      throw thrown;
    }
    if (errorOutcome != null) {
      RuntimeException e = errorOutcome;
      executor.execute(() -> receiver.onError(e));
      return;
    }
    PowerMonitor[] asked = monitors.toArray(new PowerMonitor[0]);
    long[] values = new long[asked.length];
    long[] times = new long[asked.length];
    for (int i = 0; i < asked.length; i++) {
      values[i] = energies[asked[i].index];
      times[i] = 1000L * readingCalls;
    }
    PowerMonitorReadings readings = new PowerMonitorReadings(asked, values, times);
    executor.execute(() -> receiver.onResult(readings));
  }
}
