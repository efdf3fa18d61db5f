package io.edgeenergy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of energy, never negative, held exactly as a whole number of nanojoules.
 *
 * <p>Nanojoule resolution resolves a single tiny inference (a few µJ) while a {@code long} still holds
 * 9.2 GJ, far beyond any battery. Sums and differences are exact and overflow-checked; conversions
 * from floating-point units round to the nearest nanojoule and reject NaN, infinities and negatives.
 */
public final class Energy implements Comparable<Energy> {
  /** No energy. */
  public static final Energy ZERO = new Energy(0);

  private static final double NANOJOULES_PER_JOULE = 1e9;
  private static final double JOULES_PER_WATT_HOUR = 3600.0;

  private final long nanojoules;

  private Energy(long nanojoules) {
    this.nanojoules = nanojoules;
  }

  /** {@code nanojoules} nanojoules. */
  public static Energy ofNanojoules(long nanojoules) {
    if (nanojoules < 0) {
      throw new IllegalArgumentException("energy must be >= 0 nJ, was " + nanojoules + " nJ");
    }
    return nanojoules == 0 ? ZERO : new Energy(nanojoules);
  }

  /** {@code microjoules} microjoules. */
  public static Energy ofMicrojoules(long microjoules) {
    return ofNanojoules(scale(microjoules, 1_000, "µJ"));
  }

  /** {@code millijoules} millijoules. */
  public static Energy ofMillijoules(long millijoules) {
    return ofNanojoules(scale(millijoules, 1_000_000, "mJ"));
  }

  /** {@code joules} joules, rounded to the nanojoule. */
  public static Energy ofJoules(double joules) {
    return ofNanojoules(toNanojoules(joules, 1.0, "J"));
  }

  /** {@code wattHours} watt-hours (3600 J each), rounded to the nanojoule. */
  public static Energy ofWattHours(double wattHours) {
    return ofNanojoules(toNanojoules(wattHours, JOULES_PER_WATT_HOUR, "Wh"));
  }

  /** {@code milliwattHours} milliwatt-hours (3.6 J each), rounded to the nanojoule. */
  public static Energy ofMilliwattHours(double milliwattHours) {
    return ofNanojoules(toNanojoules(milliwattHours, JOULES_PER_WATT_HOUR / 1000, "mWh"));
  }

  /** Charge at a nominal voltage, as battery capacities are usually given (mAh × V = mWh). */
  public static Energy ofMilliampHours(double milliampHours, double volts) {
    if (!(volts > 0) || Double.isInfinite(volts)) {
      throw new IllegalArgumentException("voltage must be finite and > 0 V, was " + volts + " V");
    }
    return ofNanojoules(toNanojoules(milliampHours, volts * JOULES_PER_WATT_HOUR / 1000, "mAh"));
  }

  /** This energy in nanojoules, the exact unit. */
  public long nanojoules() {
    return nanojoules;
  }

  /** This energy in joules. */
  public double toJoules() {
    return nanojoules / NANOJOULES_PER_JOULE;
  }

  /** This energy in microjoules. */
  public double toMicrojoules() {
    return nanojoules / 1e3;
  }

  /** This energy in millijoules. */
  public double toMillijoules() {
    return nanojoules / 1e6;
  }

  /** This energy in watt-hours. */
  public double toWattHours() {
    return toJoules() / JOULES_PER_WATT_HOUR;
  }

  /** This energy in milliwatt-hours. */
  public double toMilliwattHours() {
    return toWattHours() * 1000;
  }

  /** The charge this energy moves at {@code volts}, in milliampere-hours (how batteries are rated). */
  public double toMilliampHours(double volts) {
    return toMilliwattHours() / volts;
  }

  /** The sum of this and {@code other}. */
  public Energy plus(Energy other) {
    return ofNanojoules(Math.addExact(nanojoules, other.nanojoules));
  }

  /** The difference; throws if {@code other} is larger, since energy cannot be negative. */
  public Energy minus(Energy other) {
    if (other.nanojoules > nanojoules) {
      throw new IllegalArgumentException(
          "energy cannot be negative: " + this + " minus " + other);
    }
    return ofNanojoules(nanojoules - other.nanojoules);
  }

  /** The difference, or zero when {@code other} is larger. */
  public Energy saturatingMinus(Energy other) {
    return other.nanojoules >= nanojoules ? ZERO : ofNanojoules(nanojoules - other.nanojoules);
  }

  /** This energy {@code factor} times. */
  public Energy times(long factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("factor must be >= 0, was " + factor);
    }
    return ofNanojoules(Math.multiplyExact(nanojoules, factor));
  }

  /** This amount divided into {@code parts}, rounded down to the nanojoule. */
  public Energy dividedBy(long parts) {
    if (parts <= 0) {
      throw new IllegalArgumentException("parts must be > 0, was " + parts);
    }
    return ofNanojoules(nanojoules / parts);
  }

  /** {@code this / other} as a double, e.g. 3.2 when this is 3.2× {@code other}. */
  public double ratioTo(Energy other) {
    if (other.nanojoules == 0) {
      throw new ArithmeticException("ratio to zero energy");
    }
    return (double) nanojoules / other.nanojoules;
  }

  /** How many times {@code perUse} fits into this amount (e.g. inferences per battery). */
  public long count(Energy perUse) {
    if (perUse.nanojoules == 0) {
      throw new ArithmeticException("cannot count uses of zero energy");
    }
    return nanojoules / perUse.nanojoules;
  }

  /** Whether this is zero joules. */
  public boolean isZero() {
    return nanojoules == 0;
  }

  @Override
  public int compareTo(Energy other) {
    return Long.compare(nanojoules, other.nanojoules);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Energy e && e.nanojoules == nanojoules;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanojoules);
  }

  /** A human figure with a unit that keeps 3-4 significant digits, e.g. {@code 63.2 µJ}. */
  @Override
  public String toString() {
    return format(nanojoules, "J");
  }

  static String format(long nanoUnits, String unit) {
    double v = nanoUnits;
    if (nanoUnits < 1_000) {
      return nanoUnits + " n" + unit;
    } else if (nanoUnits < 1_000_000) {
      return String.format(java.util.Locale.ROOT, "%.3g µ%s", v / 1e3, unit);
    } else if (nanoUnits < 1_000_000_000) {
      return String.format(java.util.Locale.ROOT, "%.3g m%s", v / 1e6, unit);
    }
    return String.format(java.util.Locale.ROOT, "%.4g %s", v / 1e9, unit);
  }

  private static long scale(long amount, long factor, String unit) {
    if (amount < 0) {
      throw new IllegalArgumentException("energy must be >= 0 " + unit + ", was " + amount + " " + unit);
    }
    return Math.multiplyExact(amount, factor);
  }

  private static long toNanojoules(double amount, double joulesPerUnit, String unit) {
    if (Double.isNaN(amount) || Double.isInfinite(amount) || amount < 0) {
      throw new IllegalArgumentException(
          "energy must be finite and >= 0 " + unit + ", was " + amount + " " + unit);
    }
    BigDecimal nj = BigDecimal.valueOf(amount)
        .multiply(BigDecimal.valueOf(joulesPerUnit))
        .multiply(BigDecimal.valueOf(NANOJOULES_PER_JOULE))
        .setScale(0, RoundingMode.HALF_UP);
    try {
      return nj.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(amount + " " + unit + " exceeds the largest energy, "
          + Long.MAX_VALUE + " nJ", e);
    }
  }
}
