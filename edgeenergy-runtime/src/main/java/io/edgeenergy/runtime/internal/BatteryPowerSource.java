package io.edgeenergy.runtime.internal;

import io.edgeenergy.runtime.meter.BatteryReadings.Status;
import io.edgeenergy.runtime.meter.BatteryReadings;
import io.edgeenergy.runtime.meter.PowerSource;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * The battery's discharge power as a {@link PowerSource}. Fuel gauges disagree on the sign of
 * {@code current_now}: the kernel ABI says negative while discharging (documented in 2020, kernel
 * commit 05f94eb98907), ACPI batteries reported it positive until 2025 (commit 234f71555019), older
 * axp20x gauges reported it unsigned (until commit d4f408cdcd26), and Android leaves the sign to the
 * device. So the sign is never trusted on its own:
 * <ul>
 *   <li>{@code Discharging}: the draw is the magnitude of {@code power_now}, else of
 *       {@code current_now} × {@code voltage_now}; the sign seen is remembered as this gauge's
 *       discharge direction.</li>
 *   <li>{@code Charging}, {@code Full}, {@code Not charging}: the device runs on external power and
 *       the battery supplies nothing: 0 µW, and {@link #state()} says so.</li>
 *   <li>{@code Unknown} or no status: the current's sign decides once the discharge direction has been
 *       learned; before that, the magnitude is taken and the description says the direction is assumed.</li>
 * </ul>
 */
public final class BatteryPowerSource implements PowerSource {
  /** Discharge direction learned from a current reading while the status said Discharging. */
  public enum Direction { UNKNOWN, NEGATIVE, POSITIVE }

  private final BatteryReadings readings;
  private volatile Direction direction = Direction.UNKNOWN;
  private volatile String state = "not read yet";
  private volatile boolean discharging;

  public BatteryPowerSource(BatteryReadings readings) {
    this.readings = readings;
  }

  @Override
  public long readMicrowatts() throws IOException {
    Status status = readings.status();
    OptionalLong current = readings.currentMicroamps();
    if (status == Status.DISCHARGING && current.isPresent() && current.getAsLong() != 0) {
      direction = current.getAsLong() < 0 ? Direction.NEGATIVE : Direction.POSITIVE;
    }
    boolean discharging;
    String assumption = "";
    switch (status) {
      case DISCHARGING -> discharging = true;
      case CHARGING, FULL, NOT_CHARGING -> discharging = false;
      default -> {
        if (direction != Direction.UNKNOWN && current.isPresent() && current.getAsLong() != 0) {
          discharging = (current.getAsLong() < 0) == (direction == Direction.NEGATIVE);
          assumption = " (status unknown; current sign matched against the learned discharge direction)";
        } else {
          discharging = true;
          assumption = " (status unknown and discharge direction not learned yet: assumed discharging)";
        }
      }
    }
    this.discharging = discharging;
    if (!discharging) {
      // read the nodes anyway so a vanished or garbage gauge is still noticed
      readings.powerMicrowatts();
      state = "battery " + label(status) + ": on external power, the battery supplies nothing, 0 draw reported";
      return 0;
    }
    long microwatts = magnitude(current);
    state = "battery discharging" + assumption;
    return microwatts;
  }

  private long magnitude(OptionalLong current) throws IOException {
    try {
      return magnitudeExact(current);
    } catch (ArithmeticException e) {
      // Math.abs(Long.MIN_VALUE) is negative and µA × µV can pass a long: an error, never a wrapped figure
      throw new IOException("battery fuel gauge " + readings.describe() + ": reading out of range (" + e.getMessage() + ")", e);
    }
  }

  private long magnitudeExact(OptionalLong current) throws IOException {
    OptionalLong power = readings.powerMicrowatts();
    if (power.isPresent()) {
      return abs(power.getAsLong());
    }
    if (current.isEmpty()) {
      throw new IOException("gauge reports neither power_now nor current_now");
    }
    OptionalLong volts = readings.voltageMicrovolts();
    if (volts.isEmpty()) {
      throw new IOException("gauge reports current_now but no voltage_now");
    }
    long uv = abs(volts.getAsLong());
    // µA × µV = pW; / 1e6 = µW
    return Math.multiplyExact(abs(current.getAsLong()), uv) / 1_000_000L;
  }

  private static long abs(long v) {
    if (v == Long.MIN_VALUE) {
      throw new ArithmeticException(v + " has no positive magnitude");
    }
    return Math.abs(v);
  }

  /** What the last reading found, e.g. that the battery is charging and 0 draw is reported. */
  public String state() {
    return state;
  }

  /** Whether the last reading found the battery supplying the device. */
  public boolean isDischarging() {
    return discharging;
  }

  public Direction direction() {
    return direction;
  }

  @Override
  public String describe() {
    String dir = switch (direction) {
      case NEGATIVE -> "this gauge reports discharge as negative current";
      case POSITIVE -> "this gauge reports discharge as positive current";
      case UNKNOWN -> "discharge sign not seen yet";
    };
    return "battery fuel gauge " + readings.describe() + " (" + state + "; " + dir
        + "; gauges update every 1-60 s: fit for budgets and lifetime, not for one inference)";
  }

  private static String label(Status s) {
    return switch (s) {
      case CHARGING -> "charging";
      case FULL -> "full";
      case NOT_CHARGING -> "not charging";
      case DISCHARGING -> "discharging";
      case UNKNOWN -> "status unknown";
    };
  }
}
