package io.edgeenergy.runtime.meter;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyMeter;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link EnergyMeters#detect()}: the meter chosen and, line by line, every candidate
 * considered (best first) and why it was accepted or rejected — what {@code edgeenergy doctor}
 * prints.
 *
 * <p>The caller owns {@link #meter()} and must close it (its sampler thread runs until then); see
 * {@link EnergyMeters} on ownership.
 *
 * @param meter the chosen meter, owned by the caller; {@link EnergyMeter#unavailable(String)} when nothing works
 * @param explanation one line per candidate, plus summary lines, in the order considered
 */
public record MeterDetection(EnergyMeter meter, List<String> explanation) {
  public MeterDetection {
    Objects.requireNonNull(meter, "meter");
    explanation = List.copyOf(explanation);
  }

  /** The chosen meter's quality. */
  public EnergyQuality quality() {
    return meter.quality();
  }

  /** The explanation as one multi-line text. */
  @Override
  public String toString() {
    return "meter " + meter.name() + " (" + meter.quality() + ", " + meter.domain() + ", "
        + meter.availability() + ")\n  " + String.join("\n  ", explanation);
  }
}
