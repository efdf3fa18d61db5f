package io.edgeenergy.runtime.internal;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.meter.RaspberryPi5PmicMeter;

/** Detection candidate for {@link RaspberryPi5PmicMeter}; accepting starts its 200 ms sampler thread. */
public final class PmicProbe implements MeterProbe {
  private final Ticker ticker;

  public PmicProbe(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public String name() {
    return "Raspberry Pi 5 PMIC (vcgencmd pmic_read_adc)";
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.MEASURED;
  }

  @Override
  public ProbeResult probe() {
    RaspberryPi5PmicMeter m = RaspberryPi5PmicMeter.probe(ticker, RaspberryPi5PmicMeter.DEFAULT_PERIOD);
    if (!m.availability().available()) {
      m.close();
      return ProbeResult.rejected(m.availability().reason());
    }
    return ProbeResult.accepted(m.start(), m.description());
  }
}
