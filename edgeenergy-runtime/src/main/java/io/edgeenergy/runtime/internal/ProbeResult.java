package io.edgeenergy.runtime.internal;

import io.edgeenergy.energy.EnergyMeter;
import java.util.Objects;
import java.util.Optional;

/** What one {@link MeterProbe} found: a working meter, or a rejection; always with the reason. */
public record ProbeResult(Optional<EnergyMeter> meter, String reason) {
  public ProbeResult {
    Objects.requireNonNull(meter, "meter");
    Objects.requireNonNull(reason, "reason");
  }

  public static ProbeResult accepted(EnergyMeter meter, String reason) {
    return new ProbeResult(Optional.of(meter), reason);
  }

  public static ProbeResult rejected(String reason) {
    return new ProbeResult(Optional.empty(), reason);
  }

  public boolean isAccepted() {
    return meter.isPresent();
  }
}
