package io.edgeenergy.thermal;

import java.time.Duration;

/**
 * How close the device is to thermal throttling, on Android's {@code getThermalHeadroom} scale: 0.0
 * is cool, 1.0 is the temperature at which the platform starts to throttle (Android: the SEVERE
 * status; Linux: the first passive trip point), above 1.0 it is throttling. {@code NaN} means unknown
 * (no sensor, no threshold, or the sensor failed to read).
 *
 * <p>Implementations must be cheap to call on the inference thread: cache, and re-read sensors at
 * most about once a second (Android refuses to poll faster than 1 Hz). They never throw.
 */
public interface ThermalHeadroom {
  /** Current headroom in [0, ∞), or {@code NaN} when unknown. */
  double headroom();

  /**
   * Headroom expected {@code ahead} from now if the recent trend continues, or {@code NaN} when
   * unknown; with too few samples for a trend, the current headroom.
   */
  double forecast(Duration ahead);

  /** Headroom that is always unknown: thermal pressure stays 0. */
  static ThermalHeadroom unknown() {
    return UnknownHeadroom.INSTANCE;
  }
}

/** The always-unknown headroom behind {@link ThermalHeadroom#unknown()}. */
enum UnknownHeadroom implements ThermalHeadroom {
  INSTANCE;

  @Override
  public double headroom() {
    return Double.NaN;
  }

  @Override
  public double forecast(Duration ahead) {
    return Double.NaN;
  }

  @Override
  public String toString() {
    return "ThermalHeadroom.unknown()";
  }
}
