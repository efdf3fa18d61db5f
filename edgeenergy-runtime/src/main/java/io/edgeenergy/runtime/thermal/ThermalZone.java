package io.edgeenergy.runtime.thermal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One {@code /sys/class/thermal/thermal_zoneN}: its type, trip points and the temperature its headroom
 * is anchored to (1.0 = throttling): the lowest usable {@code passive} trip, else the lowest
 * {@code hot} trip, else the lowest {@code critical} trip (then 1.0 means shutdown, not throttling:
 * {@link #throttleSource()} says so), unless the monitor was configured with a temperature for this
 * zone type. A zone with none of these has no headroom.
 *
 * @param name {@code thermal_zoneN}
 * @param type the driver's zone type ({@code x86_pkg_temp}, {@code cpu-thermal}, {@code acpitz}, ...)
 * @param throttleMilliCelsius the temperature that maps to headroom 1.0, or {@link Long#MIN_VALUE} for none
 * @param throttleSource where that temperature comes from, or why there is none
 */
public record ThermalZone(String name, Path directory, String type, List<TripPoint> trips, long throttleMilliCelsius,
    String throttleSource) {
  public ThermalZone {
    trips = List.copyOf(trips);
  }

  /** Whether this zone has a throttling temperature, so a headroom. */
  public boolean hasHeadroom() {
    return throttleMilliCelsius != Long.MIN_VALUE;
  }

  static String celsius(long milliCelsius) {
    return String.format(Locale.ROOT, "%.1f °C", milliCelsius / 1000.0);
  }
}
