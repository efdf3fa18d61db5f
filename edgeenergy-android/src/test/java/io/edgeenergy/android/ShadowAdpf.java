package io.edgeenergy.android;

import android.os.PerformanceHintManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.robolectric.annotation.Implementation;
import org.robolectric.annotation.Implements;

/**
 * Robolectric has no ADPF service: {@code PerformanceHintManager}'s natives talk to the hint HAL. This
 * shadow stands in for those natives only (the manager declares its sessions' natives too), so the
 * framework's own manager and session code runs, and records every call in {@link #EVENTS} (e.g.
 * {@code "create 7 [1234] 8000000"}, {@code "report 7 3000000"}, {@code "close 7"}).
 */
@Implements(PerformanceHintManager.class)
public class ShadowAdpf {
  public static final List<String> EVENTS = new ArrayList<>();
  static long nextSession = 7;
  static boolean refuseSessions;
  static RuntimeException failReport;

  public static void clearState() {
    EVENTS.clear();
    nextSession = 7;
    refuseSessions = false;
    failReport = null;
  }

  @Implementation
  protected static long nativeAcquireManager() {
    return 1;
  }

  @Implementation
  protected static long nativeGetPreferredUpdateRateNanos(long manager) {
    return 16_666_666;
  }

  @Implementation
  protected static long nativeCreateSession(long manager, int[] tids, long target) {
    if (refuseSessions) {
      return 0;   // what the platform answers when the device cannot make hint sessions
    }
    long id = nextSession++;
    EVENTS.add("create " + id + " " + Arrays.toString(tids) + " " + target);
    return id;
  }

  @Implementation
  protected static void nativeUpdateTargetWorkDuration(long session, long target) {
    EVENTS.add("target " + session + " " + target);
  }

  @Implementation
  protected static void nativeReportActualWorkDuration(long session, long actual) {
    if (failReport != null) {
      throw failReport;
    }
    EVENTS.add("report " + session + " " + actual);
  }

  @Implementation
  protected static void nativeCloseSession(long session) {
    EVENTS.add("close " + session);
  }

  @Implementation
  protected static void nativeSetPreferPowerEfficiency(long session, boolean enabled) {
    EVENTS.add("efficiency " + session + " " + enabled);
  }
}
