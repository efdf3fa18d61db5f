package io.edgeenergy.testkit;

import io.edgeenergy.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told, so tests never sleep. {@link #create()} starts at 1 ms
 * rather than 0, so no rate computed from it divides by zero and no code can mistake "time 0" for
 * "never set" (micrometer's {@code MockClock} does the same).
 *
 * <p>Thread-safe: reads and advances are atomic, so a test may advance it while another thread reads.
 */
public final class FakeTicker implements Ticker {
  /** Where {@link #create()} starts. */
  public static final Duration DEFAULT_START = Duration.ofMillis(1);

  private final AtomicLong nanos;

  private FakeTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  /** A ticker at {@link #DEFAULT_START} (1 ms). */
  public static FakeTicker create() {
    return startingAt(DEFAULT_START);
  }

  /** A ticker at {@code start}, which must not be negative. */
  public static FakeTicker startingAt(Duration start) {
    if (start.isNegative()) {
      throw new IllegalArgumentException("a ticker cannot start before 0, was " + start);
    }
    return new FakeTicker(start.toNanos());
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves time forward by {@code d}; returns this for chaining. */
  public FakeTicker advance(Duration d) {
    return advanceNanos(d.toNanos());
  }

  /** Moves time forward by {@code delta} nanoseconds (>= 0); returns this for chaining. */
  public FakeTicker advanceNanos(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException("a ticker cannot go back, asked to advance by " + delta + " ns");
    }
    nanos.getAndUpdate(n -> Math.addExact(n, delta));
    return this;
  }

  @Override
  public String toString() {
    return "FakeTicker[" + nanos.get() + " ns]";
  }
}
