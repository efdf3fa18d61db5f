package io.edgeenergy.android;

import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.os.BatteryManager;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import java.time.Duration;

/**
 * The energy drawn from the battery, from {@code BatteryManager} (API 21+; the status property needs
 * API 26, the SDK's minimum). Two sources, best first:
 * <ol>
 *   <li>{@code BATTERY_PROPERTY_ENERGY_COUNTER} (remaining energy, nWh) where the fuel gauge supports
 *       it: the meter counts its decreases. Many devices return 0 or {@code Long.MIN_VALUE} instead;
 *       that is detected and the next source is used.</li>
 *   <li>{@code BATTERY_PROPERTY_CURRENT_NOW} (µA) × the battery voltage (mV, from the sticky
 *       {@code ACTION_BATTERY_CHANGED} intent), sampled every {@link Builder#period period} and
 *       integrated (trapezoid).</li>
 * </ol>
 * Both are {@code MEASURED} at the battery boundary (the whole phone, screen included), but gauges
 * refresh every 1-60 s: good for budgets and lifetime projection, useless for one inference.
 *
 * <p>Fuel gauges disagree on the sign of the current; as in the runtime's Linux battery meter the
 * sign is never trusted alone: while the status says discharging the magnitude counts and its sign is
 * learned as this gauge's discharge direction; while charging, full or not charging the phone runs on
 * external power and the meter counts nothing ({@link #charging()} says so); with an unknown status
 * the learned direction decides. The counter never decreases.
 */
public final class BatteryManagerMeter extends AndroidMeter {
  /** Default sampling period: gauges rarely refresh faster. */
  public static final long DEFAULT_PERIOD_MILLIS = 1000;
  private static final double NANOJOULES_PER_NANOWATT_HOUR = 3600;   // 1 Wh = 3600 J

  /** Which property the meter integrates. */
  public enum Source {
    /** {@code BATTERY_PROPERTY_ENERGY_COUNTER}, nWh remaining. */
    ENERGY_COUNTER,
    /** {@code BATTERY_PROPERTY_CURRENT_NOW} × battery voltage. */
    CURRENT_TIMES_VOLTAGE,
    /** Neither works on this device. */
    NONE
  }

  private final Context context;
  private final BatteryManager battery;
  private final Source source;
  private long lastEnergyNanowattHours = Long.MIN_VALUE;
  private long lastTick;
  private double lastMicrowatts = Double.NaN;
  private double fractionNanojoules;
  private int dischargeSign;   // 0 until learned, else the sign of CURRENT_NOW while discharging
  private volatile boolean charging;

  private BatteryManagerMeter(Builder b, BatteryManager battery, Source source, String why) {
    super("android-battery", EnergyDomain.BATTERY, EnergyQuality.MEASURED, b.ticker);
    this.context = b.context;
    this.battery = battery;
    this.source = source;
    if (source == Source.NONE) {
      describe(EnergyQuality.ESTIMATED, "no battery energy: " + why);
      neverCounted(why);
    } else {
      describe(EnergyQuality.MEASURED, (source == Source.ENERGY_COUNTER
          ? "battery fuel gauge energy counter (BATTERY_PROPERTY_ENERGY_COUNTER), decreases counted"
          : "battery current (CURRENT_NOW) x voltage, integrated; " + why)
          + ", sampled every " + b.period.toMillis() + " ms; gauge refresh 1-60 s: for budgets, not single inferences");
    }
  }

  /** A builder over {@code context}'s {@code BatteryManager}. */
  public static Builder builder(Context context) {
    return new Builder(context);
  }

  /** Which property is integrated. */
  public Source source() {
    return source;
  }

  /** True while the last sample found the phone on external power (nothing is counted then). */
  public boolean charging() {
    return charging;
  }

  /** Takes one sample now (the sampler does this every period). */
  synchronized void sample() {
    if (!isCounting()) {
      return;
    }
    try {
      Boolean discharging = discharging();
      if (source == Source.ENERGY_COUNTER) {
        long nwh = battery.getLongProperty(BatteryManager.BATTERY_PROPERTY_ENERGY_COUNTER);
        if (!valid(nwh)) {
          return;   // a transient bad read: the next sample retries
        }
        if (lastEnergyNanowattHours != Long.MIN_VALUE && nwh < lastEnergyNanowattHours && !Boolean.FALSE.equals(discharging)) {
          addFraction((lastEnergyNanowattHours - nwh) * NANOJOULES_PER_NANOWATT_HOUR);
        }
        lastEnergyNanowattHours = nwh;
        return;
      }
      long now = ticker().read();
      long microamps = battery.getLongProperty(BatteryManager.BATTERY_PROPERTY_CURRENT_NOW);
      int millivolts = millivolts();
      double microwatts = Double.NaN;
      if (valid(microamps) && millivolts > 0) {
        boolean draws = discharging == null ? dischargeSign == 0 || Long.signum(microamps) == dischargeSign : discharging;
        if (Boolean.TRUE.equals(discharging) && microamps != 0) {
          dischargeSign = Long.signum(microamps);
        }
        microwatts = draws ? Math.abs((double) microamps) * millivolts / 1000.0 : 0;
      }
      if (!Double.isNaN(microwatts) && !Double.isNaN(lastMicrowatts)) {
        double seconds = (now - lastTick) / 1e9;
        addFraction((microwatts + lastMicrowatts) / 2 * seconds * 1000);   // µW·s = µJ -> nJ
      }
      lastMicrowatts = microwatts;
      lastTick = now;
    } catch (RuntimeException e) {
      stopCounting("BatteryManager failed: " + e);
    }
  }

  /** TRUE discharging, FALSE on external power, null unknown; updates {@link #charging()}. */
  private Boolean discharging() {
    int status = battery.getIntProperty(BatteryManager.BATTERY_PROPERTY_STATUS);
    Boolean discharging;
    switch (status) {
      case BatteryManager.BATTERY_STATUS_DISCHARGING:
        discharging = Boolean.TRUE;
        break;
      case BatteryManager.BATTERY_STATUS_CHARGING:
      case BatteryManager.BATTERY_STATUS_FULL:
      case BatteryManager.BATTERY_STATUS_NOT_CHARGING:
        discharging = Boolean.FALSE;
        break;
      default:
        discharging = null;
    }
    charging = Boolean.FALSE.equals(discharging);
    return discharging;
  }

  private void addFraction(double nanojoules) {
    fractionNanojoules += nanojoules;
    long whole = (long) fractionNanojoules;
    fractionNanojoules -= whole;
    add(whole);
  }

  private int millivolts() {
    Intent sticky = context.registerReceiver(null, new IntentFilter(Intent.ACTION_BATTERY_CHANGED));
    return sticky == null ? -1 : sticky.getIntExtra(BatteryManager.EXTRA_VOLTAGE, -1);
  }

  /** Unsupported properties read 0 on older devices and Long.MIN_VALUE on newer ones. */
  static boolean valid(long value) {
    return value != 0 && value != Long.MIN_VALUE && value != Integer.MIN_VALUE;
  }

  /** Builder for {@link BatteryManagerMeter}. */
  public static final class Builder extends MeterBuilder<Builder> {
    private Builder(Context context) {
      super(context, Duration.ofMillis(DEFAULT_PERIOD_MILLIS));
    }

    @Override
    Builder self() {
      return this;
    }

    /** Probes the properties and starts sampling; an unsupported gauge gives an unavailable meter with the reason. */
    public BatteryManagerMeter build() {
      BatteryManager battery;
      long energy;
      long current;
      try {
        battery = context.getSystemService(BatteryManager.class);
        if (battery == null) {
          return new BatteryManagerMeter(this, null, Source.NONE, "no BatteryManager service");
        }
        energy = battery.getLongProperty(BatteryManager.BATTERY_PROPERTY_ENERGY_COUNTER);
        current = battery.getLongProperty(BatteryManager.BATTERY_PROPERTY_CURRENT_NOW);
      } catch (RuntimeException e) {
        return new BatteryManagerMeter(this, null, Source.NONE, "BatteryManager failed: " + e);
      }
      BatteryManagerMeter meter;
      if (valid(energy)) {
        meter = new BatteryManagerMeter(this, battery, Source.ENERGY_COUNTER, "");
      } else if (valid(current)) {
        meter = new BatteryManagerMeter(this, battery, Source.CURRENT_TIMES_VOLTAGE,
            "BATTERY_PROPERTY_ENERGY_COUNTER unsupported here (returned " + energy + ")");
      } else {
        return new BatteryManagerMeter(this, battery, Source.NONE, "this fuel gauge supports neither "
            + "BATTERY_PROPERTY_ENERGY_COUNTER (returned " + energy + ") nor CURRENT_NOW (returned " + current + ")");
      }
      meter.sample();   // the baseline
      if (sampler) {
        meter.startSampler(period, meter::sample);
      }
      return meter;
    }
  }
}
