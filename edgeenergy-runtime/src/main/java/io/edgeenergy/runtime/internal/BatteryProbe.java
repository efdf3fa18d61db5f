package io.edgeenergy.runtime.internal;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.meter.BatteryMeter;
import java.nio.file.Path;

/**
 * Detection candidate for {@link BatteryMeter} over {@code sysRoot/class/power_supply}. Accepting
 * starts the meter's sampler thread (1 s period); the reason always says the gauge refreshes every
 * 1-60 s, i.e. the figures suit budgets, not single inferences. A battery that is charging, full or
 * otherwise on external power is rejected: its gauge sees no draw, so every figure would read a
 * MEASURED 0 while the device really spends energy from the mains.
 */
public final class BatteryProbe implements MeterProbe {
  private final Path sysRoot;
  private final Ticker ticker;

  public BatteryProbe(Path sysRoot, Ticker ticker) {
    this.sysRoot = sysRoot;
    this.ticker = ticker;
  }

  @Override
  public String name() {
    return "power_supply (battery fuel gauge)";
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.MEASURED;
  }

  @Override
  public ProbeResult probe() {
    BatteryMeter m = BatteryMeter.sysfs(sysRoot, ticker, BatteryMeter.DEFAULT_PERIOD);
    if (!m.availability().available()) {
      m.close();
      return ProbeResult.rejected(m.availability().reason());
    }
    if (!m.isDischarging()) {
      m.close();
      return ProbeResult.rejected(m.name() + ": " + m.drawState()
          + "; a gauge on external power cannot measure the device's draw");
    }
    return ProbeResult.accepted(m.start(), m.description()
        + "; COARSE: one inference is far shorter than a gauge refresh, use it for budgets and lifetime");
  }
}
