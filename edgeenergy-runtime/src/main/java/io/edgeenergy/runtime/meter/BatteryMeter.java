package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.Energy;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.runtime.internal.BatteryPowerSource;
import io.edgeenergy.runtime.internal.BatterySysfsReadings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The battery's discharge energy, from its fuel gauge: a Linux {@code /sys/class/power_supply/<bat>}
 * directory ({@link #sysfs(Path)}) or readings an Android app passes in ({@link #of(String,
 * BatteryReadings)}). Power is {@code power_now} (µW) or {@code current_now} (µA) ×
 * {@code voltage_now} (µV), integrated on a sampler thread by {@link SampledPowerMeter}; domain
 * {@link EnergyDomain#BATTERY}, quality MEASURED.
 *
 * <p><b>Resolution:</b> fuel gauges refresh every 1-60 s, so this meter is for budgets and battery
 * lifetime, not for the energy of one inference; the default sampling period is
 * {@link #DEFAULT_PERIOD} because sampling faster than the gauge refreshes only re-reads the same value.
 *
 * <p><b>Direction:</b> while the battery charges or is full (external power), it supplies nothing and
 * the meter counts 0, saying so in {@link #description()} and {@link #drawState()}; the sign of
 * {@code current_now} differs between drivers and is taken from the {@code status} node, see
 * {@link BatteryPowerSource}.
 *
 * <p>{@link #remaining()} gives the energy left in the battery for {@code EnergyBudget} decisions:
 * {@code energy_now} (µWh) / Android {@code ENERGY_COUNTER} (nWh), else {@code charge_now} (µAh) ×
 * {@code voltage_now}.
 *
 * <p>If the gauge fails (battery removed, garbage in a node), the meter turns unavailable with the
 * reason and stops counting; an unavailable meter reads its last count forever.
 */
public final class BatteryMeter extends SensorMeter {
  /** Default sampling period, 1 s: gauges refresh every 1-60 s. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(BatteryMeter.class);

  private final BatteryReadings readings;
  private final BatteryPowerSource source;

  private BatteryMeter(String name, BatteryReadings readings, Ticker ticker, Duration period) {
    this(name, readings, new BatteryPowerSource(readings), ticker, period);
  }

  // the first reading (in super) validates the gauge; failure turns the meter unavailable
  private BatteryMeter(String name, BatteryReadings readings, BatteryPowerSource source, Ticker ticker, Duration period) {
    super(name, EnergyDomain.BATTERY, "battery", source, ticker, period);
    this.readings = readings;
    this.source = source;
  }

  private BatteryMeter(Availability notFound) {
    super("battery", EnergyDomain.BATTERY, "battery", notFound);
    this.readings = null;
    this.source = null;
  }

  /** The first system battery under {@code /sys}, or an unavailable meter saying why. */
  public static BatteryMeter sysfs() {
    return sysfs(Path.of("/sys"));
  }

  /** {@link #sysfs()} under another sysfs root ({@code sysRoot} stands for {@code /sys}). */
  public static BatteryMeter sysfs(Path sysRoot) {
    return sysfs(sysRoot, Ticker.system(), DEFAULT_PERIOD);
  }

  /**
   * The first system battery ({@code type=Battery}, {@code scope} not {@code Device}) under
   * {@code sysRoot/class/power_supply} that reports {@code power_now} or {@code current_now} with
   * {@code voltage_now}; unavailable, with the reason, when there is none.
   */
  public static BatteryMeter sysfs(Path sysRoot, Ticker ticker, Duration period) {
    Objects.requireNonNull(sysRoot, "sysRoot");
    Path classDir = sysRoot.resolve("class/power_supply");
    List<Path> batteries = BatterySysfsReadings.systemBatteries(sysRoot);
    if (batteries.isEmpty()) {
      return new BatteryMeter(Availability.unavailable("no system battery under " + classDir
          + " (no power_supply of type Battery outside scope Device: a desktop, server, VM or a board on mains)"));
    }
    StringBuilder why = new StringBuilder();
    for (Path bat : batteries) {
      BatteryMeter m = new BatteryMeter("battery:" + bat.getFileName(), new BatterySysfsReadings(bat), ticker, period);
      if (m.availability().available()) {
        return m;
      }
      why.append(why.length() == 0 ? "" : "; ").append(m.availability().reason());
    }
    return new BatteryMeter(Availability.unavailable("no readable battery gauge: " + why));
  }

  /** A meter over readings an app supplies, e.g. Android's BatteryManager; name becomes {@code battery:<name>}. */
  public static BatteryMeter of(String name, BatteryReadings readings) {
    return of(name, readings, Ticker.system(), DEFAULT_PERIOD);
  }

  public static BatteryMeter of(String name, BatteryReadings readings, Ticker ticker, Duration period) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(readings, "readings");
    return new BatteryMeter("battery:" + name, readings, ticker, period);
  }

  /** Starts the sampler thread; returns this. Does nothing on an unavailable meter. */
  public BatteryMeter start() {
    startSampler();
    return this;
  }

  /**
   * The energy left in the battery: {@code energy_now} / {@code ENERGY_COUNTER}, else
   * {@code charge_now} / {@code CHARGE_COUNTER} × the present voltage (approximate: the voltage
   * sags as the battery empties). Empty when the gauge gives neither, reads garbage or is gone.
   */
  public Optional<Energy> remaining() {
    if (readings == null) {
      return Optional.empty();
    }
    try {
      OptionalLong nwh = readings.energyNanowattHours();
      if (nwh.isPresent() && nwh.getAsLong() >= 0) {
        return Optional.of(Energy.ofNanojoules(Math.multiplyExact(nwh.getAsLong(), 3600L)));   // 1 nWh = 3600 nJ
      }
      OptionalLong uah = readings.chargeMicroampHours();
      OptionalLong uv = readings.voltageMicrovolts();
      if (uah.isPresent() && uah.getAsLong() >= 0 && uv.isPresent() && uv.getAsLong() > 0) {
        // µAh × µV = 1e-12 Wh = 3.6 nJ
        return Optional.of(Energy.ofNanojoules(Math.multiplyExact(uah.getAsLong(), uv.getAsLong()) / 10 * 36
            + Math.multiplyExact(uah.getAsLong(), uv.getAsLong()) % 10 * 36 / 10));
      }
      return Optional.empty();
    } catch (IOException | ArithmeticException e) {
      LOG.debug("battery {}: no remaining-energy reading: {}", name(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether the last sample found the battery supplying the device (false on external power or when unavailable). */
  public boolean isDischarging() {
    return source != null && availability().available() && source.isDischarging();
  }

  /** What the last sample found, e.g. {@code battery charging: ... 0 draw reported}. */
  public String drawState() {
    return source == null ? availability().reason() : source.state();
  }

}
