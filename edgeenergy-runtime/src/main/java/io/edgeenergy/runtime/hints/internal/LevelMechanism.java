package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;

/**
 * What every mechanism does the same way: an unavailable mechanism reports its reason, BALANCED
 * leaves the system as found; {@link #applyLevel} handles the other levels.
 */
abstract class LevelMechanism implements Mechanism {
  private final String name;
  private final String what;

  /** {@code what} names the state BALANCED leaves, e.g. "the clamps". */
  LevelMechanism(String name, String what) {
    this.name = name;
    this.what = what;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Applied apply(HintLevel level) {
    Availability availability = availability();
    if (!availability.available()) {
      return Applied.skipped(name, availability.reason());
    }
    if (level == HintLevel.BALANCED) {
      return Applied.skipped(name, "BALANCED leaves " + what + " as found");
    }
    return applyLevel(level);
  }

  /** Applies LOW, EFFICIENT or BURST on an available mechanism. */
  abstract Applied applyLevel(HintLevel level);
}
