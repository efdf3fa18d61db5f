package io.edgeenergy.runtime.thermal;

/**
 * One trip point of a thermal zone ({@code trip_point_N_type}, {@code trip_point_N_temp}).
 *
 * @param index N
 * @param type {@code passive} (the kernel starts throttling), {@code active} (a fan step), {@code hot},
 *     {@code critical} (shutdown), or what the driver wrote
 * @param milliCelsius the temperature; {@value #DISABLED} and below mean disabled
 */
public record TripPoint(int index, String type, long milliCelsius) {
  /** The kernel's THERMAL_TEMP_INVALID: a trip at or below it is disabled. */
  public static final long DISABLED = -274_000;

  /**
   * Whether this trip can anchor a headroom: enabled and above 0 °C (a throttling point at or below
   * freezing is an unset trip, like the ACPI passive trips at 0 m°C that kernels before 6.10 exposed).
   */
  public boolean usable() {
    return milliCelsius > 0;
  }

  @Override
  public String toString() {
    return type + " trip " + index + " at " + ThermalZone.celsius(milliCelsius);
  }
}
