package io.edgeenergy.runtime.meter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * One battery fuel gauge's raw readings, in the units the kernel and Android use, signs exactly as
 * the device reports them. {@link BatteryMeter} turns them into a discharge power and a remaining
 * energy; this interface is the seam an Android app uses to feed {@code android.os.BatteryManager}
 * readings to the SDK (the SDK itself has no Android dependency):
 *
 * <pre>{@code
 * BatteryManager bm = context.getSystemService(BatteryManager.class);
 * BatteryReadings readings = new BatteryReadings() {
 *   public Status status() {
 *     return Status.fromAndroid(bm.getIntProperty(BatteryManager.BATTERY_PROPERTY_STATUS));
 *   }
 *   public OptionalLong currentMicroamps() {
 *     return BatteryReadings.android(bm.getLongProperty(BatteryManager.BATTERY_PROPERTY_CURRENT_NOW));
 *   }
 *   public OptionalLong voltageMicrovolts() {   // EXTRA_VOLTAGE of the sticky ACTION_BATTERY_CHANGED is in mV
 *     Intent i = context.registerReceiver(null, new IntentFilter(Intent.ACTION_BATTERY_CHANGED));
 *     int mv = i == null ? -1 : i.getIntExtra(BatteryManager.EXTRA_VOLTAGE, -1);
 *     return mv > 0 ? OptionalLong.of(mv * 1000L) : OptionalLong.empty();
 *   }
 *   public OptionalLong energyNanowattHours() {
 *     return BatteryReadings.android(bm.getLongProperty(BatteryManager.BATTERY_PROPERTY_ENERGY_COUNTER));
 *   }
 *   public OptionalLong chargeMicroampHours() {
 *     return BatteryReadings.android(bm.getLongProperty(BatteryManager.BATTERY_PROPERTY_CHARGE_COUNTER));
 *   }
 *   public String describe() { return "Android BatteryManager"; }
 * };
 * BatteryMeter meter = BatteryMeter.of("android", readings).start();
 * }</pre>
 *
 * <p>Gauges refresh every 1-60 s depending on the chip and driver: figures from this interface are
 * good for budgets and battery-lifetime projection, useless for timing one inference.
 *
 * <p>Every method may be called from the meter's sampler thread. A method throws {@link IOException}
 * when the gauge cannot be read (battery removed, permission lost, garbage); a value the device does
 * not provide is {@link OptionalLong#empty()}.
 */
public interface BatteryReadings {
  /** Charging state, as {@code /sys/class/power_supply/<bat>/status} or Android report it. */
  enum Status {
    CHARGING, DISCHARGING, NOT_CHARGING, FULL, UNKNOWN;

    /**
     * Parses a sysfs {@code status} value ({@code Charging}, {@code Discharging}, {@code Not charging},
     * {@code Full}, {@code Unknown}); anything else is {@link #UNKNOWN}.
     */
    public static Status fromSysfs(String value) {
      return switch (value.strip()) {
        case "Charging" -> CHARGING;
        case "Discharging" -> DISCHARGING;
        case "Not charging" -> NOT_CHARGING;
        case "Full" -> FULL;
        default -> UNKNOWN;
      };
    }

    /**
     * Maps Android's {@code BatteryManager.BATTERY_STATUS_*} constants (1 unknown, 2 charging,
     * 3 discharging, 4 not charging, 5 full) as returned for {@code BATTERY_PROPERTY_STATUS}.
     */
    public static Status fromAndroid(int batteryStatus) {
      return switch (batteryStatus) {
        case 2 -> CHARGING;
        case 3 -> DISCHARGING;
        case 4 -> NOT_CHARGING;
        case 5 -> FULL;
        default -> UNKNOWN;
      };
    }
  }

  Status status() throws IOException;

  /**
   * Instantaneous battery current in µA with the device's own sign (Android
   * {@code BATTERY_PROPERTY_CURRENT_NOW}, sysfs {@code current_now}): most gauges report discharge
   * as negative, as the kernel ABI documents, but some report it positive or unsigned.
   */
  OptionalLong currentMicroamps() throws IOException;

  /** Battery voltage in µV (sysfs {@code voltage_now}; Android {@code EXTRA_VOLTAGE} × 1000). */
  OptionalLong voltageMicrovolts() throws IOException;

  /** Instantaneous power in µW where the gauge reports it directly (sysfs {@code power_now}). */
  default OptionalLong powerMicrowatts() throws IOException {
    return OptionalLong.empty();
  }

  /** Remaining energy in nWh (Android {@code BATTERY_PROPERTY_ENERGY_COUNTER}; sysfs {@code energy_now} × 1000). */
  default OptionalLong energyNanowattHours() throws IOException {
    return OptionalLong.empty();
  }

  /** Remaining charge in µAh (Android {@code BATTERY_PROPERTY_CHARGE_COUNTER}; sysfs {@code charge_now}). */
  default OptionalLong chargeMicroampHours() throws IOException {
    return OptionalLong.empty();
  }

  /** Where the readings come from, e.g. {@code /sys/class/power_supply/BAT0} or {@code Android BatteryManager}. */
  String describe();

  /**
   * An Android {@code BatteryManager.getLongProperty} result as an optional: Android returns
   * {@link Long#MIN_VALUE} for a property the device does not support (some devices return 0).
   */
  static OptionalLong android(long property) {
    return property == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(property);
  }
}
