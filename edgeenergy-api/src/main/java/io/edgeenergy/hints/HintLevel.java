package io.edgeenergy.hints;

/**
 * How much performance (and so power) a piece of work asks for, lowest first. Levels are ordered:
 * {@code LOW < EFFICIENT < BALANCED < BURST}, so a controller can step up or down with {@link #up()}
 * and {@link #down()}.
 */
public enum HintLevel {
  /** Always-on work that may run slowly: smallest utilization clamp, efficiency cores, lowest clocks. */
  LOW,
  /** Latency matters a little: efficiency cores, moderate clamp. */
  EFFICIENT,
  /** The platform's own default behaviour; mechanisms leave the system as they found it. */
  BALANCED,
  /** Short latency-critical work: performance cores, high clamp, high clocks. */
  BURST;

  private static final HintLevel[] LEVELS = values();

  /** The next higher level, or this one if it is already the highest. */
  public HintLevel up() {
    return LEVELS[Math.min(ordinal() + 1, LEVELS.length - 1)];
  }

  /** The next lower level, or this one if it is already the lowest. */
  public HintLevel down() {
    return LEVELS[Math.max(ordinal() - 1, 0)];
  }
}
