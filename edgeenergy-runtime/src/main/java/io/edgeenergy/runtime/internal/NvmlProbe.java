package io.edgeenergy.runtime.internal;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.meter.NvmlMeter;

/**
 * Detection candidate for {@link NvmlMeter} on GPU 0; accepting starts its 20 ms poll. The meter
 * covers the GPU only: the reason says so, since CPU-side work is not in its figure.
 */
public final class NvmlProbe implements MeterProbe {
  private final Ticker ticker;

  public NvmlProbe(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public String name() {
    return "NVML (NVIDIA GPU energy counter)";
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.MEASURED;
  }

  @Override
  public ProbeResult probe() {
    NvmlMeter m = NvmlMeter.probe(0, ticker);
    if (!m.availability().available()) {
      m.close();
      return ProbeResult.rejected(m.availability().reason());
    }
    return ProbeResult.accepted(m.start(), m.description()
        + "; GPU only: CPU pre/post-processing is not in this figure");
  }
}
