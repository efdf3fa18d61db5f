package io.edgeenergy;

/**
 * Where an energy figure came from. Every figure the SDK reports carries one; a figure that combines
 * a measured and an estimated part is {@link #ESTIMATED}.
 */
public enum EnergyQuality {
  /** Read from a hardware energy counter or integrated from a power sensor. */
  MEASURED,
  /** Computed from a model (CPU time × power profile, or extrapolated from sampled windows). */
  ESTIMATED;

  /** The quality of a figure made from this one and {@code other}: measured only if both are. */
  public EnergyQuality combine(EnergyQuality other) {
    return this == MEASURED && other == MEASURED ? MEASURED : ESTIMATED;
  }
}
