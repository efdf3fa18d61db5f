package io.edgeenergy.runtime.internal;

import io.edgeenergy.EnergyQuality;

/**
 * One candidate in meter auto-detection: checks whether its kind of meter works here and says why
 * or why not. Probes are tried in rank order (best first); the first that accepts wins. A probe
 * never throws: every failure becomes a rejection with a reason.
 */
public interface MeterProbe {
  /** Short name for explanations, e.g. {@code powercap (RAPL)}. */
  String name();

  /** The quality of the figures its meter would give. */
  EnergyQuality quality();

  ProbeResult probe();
}
