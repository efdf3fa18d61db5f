package io.edgeenergy.runtime.thermal;

/**
 * One reading of a zone.
 *
 * @param celsius the temperature, or {@code NaN} when it could not be read
 * @param headroom on Android's scale (1.0 = throttling), or {@code NaN} when the temperature or the
 *     zone's throttling temperature is unknown
 * @param problem why the temperature or headroom is unknown; empty when both are known
 */
public record ZoneReading(ThermalZone zone, double celsius, double headroom, String problem) {
  public boolean known() {
    return !Double.isNaN(headroom);
  }
}
