package io.edgeenergy;

/**
 * A monotonic nanosecond time source. Everything in the SDK that measures time takes a ticker, so
 * tests advance a fake one instead of sleeping; only {@link #system()} reads the real clock.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds since an arbitrary, fixed origin; never decreases. */
  long read();

  /** The JVM's {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
