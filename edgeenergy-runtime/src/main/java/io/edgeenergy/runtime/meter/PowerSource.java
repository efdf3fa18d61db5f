package io.edgeenergy.runtime.meter;

import java.io.IOException;

/**
 * One power sensor that reports an instantaneous (or short-average) power, e.g. an hwmon
 * {@code power1_input}, an INA3221 rail, a battery's {@code power_now}, or a PMIC's rails summed.
 * {@link SampledPowerMeter} integrates it over time.
 */
public interface PowerSource {
  /** The current power in microwatts; throws when the sensor cannot be read (gone, denied, garbage). */
  long readMicrowatts() throws IOException;

  /** Where the figure comes from, e.g. {@code /sys/class/hwmon/hwmon3/power1_input (ina3221 VDD_IN)}. */
  String describe();
}
