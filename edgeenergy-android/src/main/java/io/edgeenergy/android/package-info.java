/**
 * edgeenergy on Android: {@link io.edgeenergy.android.PowerMonitorMeter} (measured power rails, API 35),
 * {@link io.edgeenergy.android.BatteryManagerMeter}, {@link io.edgeenergy.android.AdpfPerformanceHints}
 * (ADPF hint sessions, API 31) and {@link io.edgeenergy.android.AndroidThermalHeadroom} (API 30), found
 * by {@link io.edgeenergy.android.AndroidEnergyMeters#detect}. Depends on {@code edgeenergy-api} only;
 * runs on API 26+ (checked by animal-sniffer), each adapter degrading with a reason below its level.
 */
package io.edgeenergy.android;
