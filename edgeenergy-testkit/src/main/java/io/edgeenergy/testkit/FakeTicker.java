package io.edgeenergy.testkit;

import io.edgeenergy.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told, so tests never sleep. Starts at 1 ms rather than 0 so
 * no rate computed from it divides by zero.
 */
public final class FakeTicker implements Ticker {
  private final AtomicLong nanos;

  private FakeTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  public static FakeTicker create() {
    return startingAt(Duration.ofMillis(1));
  }

  public static FakeTicker startingAt(Duration start) {
    return new FakeTicker(start.toNanos());
  }

  @Override
  public long read() {
    return nanos.get();
  }

  public FakeTicker advance(Duration d) {
    return advanceNanos(d.toNanos());
  }

  public FakeTicker advanceNanos(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException("a ticker cannot go back, asked to advance by " + delta + " ns");
    }
    nanos.addAndGet(delta);
    return this;
  }

  @Override
  public String toString() {
    return "FakeTicker[" + nanos.get() + " ns]";
  }
}
