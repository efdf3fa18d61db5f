package io.edgeenergy;

import java.math.BigInteger;
import java.time.Duration;

/**
 * A rate of energy use, never negative, held exactly as whole microwatts. {@link #over(Duration)}
 * turns it into {@link Energy} exactly (rounded down to the nanojoule).
 */
public final class Power implements Comparable<Power> {
  /** No power. */
  public static final Power ZERO = new Power(0);

  private static final BigInteger MICROWATT_NANOSECONDS_PER_NANOJOULE = BigInteger.valueOf(1_000_000);

  private final long microwatts;

  private Power(long microwatts) {
    this.microwatts = microwatts;
  }

  /** {@code microwatts} microwatts. */
  public static Power ofMicrowatts(long microwatts) {
    if (microwatts < 0) {
      throw new IllegalArgumentException("power must be >= 0 µW, was " + microwatts + " µW");
    }
    return microwatts == 0 ? ZERO : new Power(microwatts);
  }

  /** {@code milliwatts} milliwatts, rounded to the microwatt. */
  public static Power ofMilliwatts(double milliwatts) {
    return ofMicrowatts(toMicrowatts(milliwatts, 1e3, "mW"));
  }

  /** {@code watts} watts, rounded to the microwatt. */
  public static Power ofWatts(double watts) {
    return ofMicrowatts(toMicrowatts(watts, 1e6, "W"));
  }

  /** Current at a voltage, as power supplies and fuel gauges report it (mA × V = mW). */
  public static Power ofMilliamps(double milliamps, double volts) {
    if (!(volts > 0) || Double.isInfinite(volts)) {
      throw new IllegalArgumentException("voltage must be finite and > 0 V, was " + volts + " V");
    }
    return ofMicrowatts(toMicrowatts(milliamps * volts, 1e3, "mA×V"));
  }

  /** Average power of {@code energy} spent over {@code duration}. */
  public static Power of(Energy energy, Duration duration) {
    long nanos = duration.toNanos();
    if (nanos <= 0) {
      throw new IllegalArgumentException("duration must be > 0, was " + duration);
    }
    BigInteger microwatts = BigInteger.valueOf(energy.nanojoules())
        .multiply(MICROWATT_NANOSECONDS_PER_NANOJOULE)
        .divide(BigInteger.valueOf(nanos));
    if (microwatts.bitLength() > 63) {   // what longValueExact() checks; that method is Android API 31+
      throw new ArithmeticException("power " + microwatts + " µW does not fit in a long (" + energy + " in " + duration + ")");
    }
    return ofMicrowatts(microwatts.longValue());
  }

  /** This power in microwatts, the exact unit. */
  public long microwatts() {
    return microwatts;
  }

  /** This power in watts. */
  public double toWatts() {
    return microwatts / 1e6;
  }

  /** This power in milliwatts. */
  public double toMilliwatts() {
    return microwatts / 1e3;
  }

  /** The energy this power delivers over {@code duration}, rounded down to the nanojoule. */
  public Energy over(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0, was " + duration);
    }
    return Energy.ofNanojoules(overNanos(duration.toNanos()));
  }

  /**
   * {@link #over(Duration)} for a span in nanoseconds, without allocating: {@code nanos} is split
   * into whole milliseconds (µW × ms = nJ exactly) and a remainder, so the product never overflows
   * before the result does.
   *
   * @throws ArithmeticException the result exceeds {@link Long#MAX_VALUE} nJ (9.2 GJ), or the power
   *     exceeds ~9.2 MW (far beyond any device this SDK meters)
   */
  public long overNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("duration must be >= 0 ns, was " + nanos);
    }
    long wholeMillis = nanos / 1_000_000;
    long remainderNanos = nanos % 1_000_000;
    long fromWhole = Math.multiplyExact(microwatts, wholeMillis);
    long fromRest = Math.multiplyExact(microwatts, remainderNanos) / 1_000_000;
    return Math.addExact(fromWhole, fromRest);
  }

  /** The sum of this and {@code other}. */
  public Power plus(Power other) {
    return ofMicrowatts(Math.addExact(microwatts, other.microwatts));
  }

  @Override
  public int compareTo(Power other) {
    return Long.compare(microwatts, other.microwatts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Power p && p.microwatts == microwatts;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(microwatts);
  }

  @Override
  public String toString() {
    return Energy.format(Math.multiplyExact(microwatts, 1000L), "W");
  }

  private static long toMicrowatts(double amount, double microwattsPerUnit, String unit) {
    if (Double.isNaN(amount) || Double.isInfinite(amount) || amount < 0) {
      throw new IllegalArgumentException(
          "power must be finite and >= 0 " + unit + ", was " + amount + " " + unit);
    }
    double uw = Math.rint(amount * microwattsPerUnit);
    if (uw >= 0x1p63) {
      throw new IllegalArgumentException(amount + " " + unit + " exceeds the largest power");
    }
    return (long) uw;
  }
}
