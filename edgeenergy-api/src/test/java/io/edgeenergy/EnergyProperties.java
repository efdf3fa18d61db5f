package io.edgeenergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/** Energy and Power: exact integer arithmetic, checked conversions, honest errors. */
class EnergyProperties {
  private static final long MAX_EXACT_DOUBLE = 1L << 53;

  @Property
  void plusIsCommutativeAndMinusUndoesIt(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    assertThat(x.plus(y)).isEqualTo(y.plus(x));
    assertThat(x.plus(y).minus(y)).isEqualTo(x);
    assertThat(x.plus(y).nanojoules()).isEqualTo(a + b);
    assertThat(x.plus(Energy.ZERO)).isEqualTo(x);
  }

  @Property
  void plusIsAssociative(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 3) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 3) long b, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 3) long c) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    Energy z = Energy.ofNanojoules(c);
    assertThat(x.plus(y).plus(z)).isEqualTo(x.plus(y.plus(z)));
  }

  @Property
  void neverNegative(@ForAll @LongRange(min = 0) long a, @ForAll @LongRange(min = 0) long b) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    assertThat(x.saturatingMinus(y).nanojoules()).isEqualTo(Math.max(0, a - b));
    if (b > a) {
      assertThatThrownBy(() -> x.minus(y)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    } else {
      assertThat(x.minus(y).nanojoules()).isEqualTo(a - b);
    }
  }

  @Property
  void overflowIsAnArithmeticExceptionNeverAWrap(@ForAll @LongRange(min = Long.MAX_VALUE / 2) long a,
      @ForAll @LongRange(min = Long.MAX_VALUE / 2) long b) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    if (BigInteger.valueOf(a).add(BigInteger.valueOf(b)).bitLength() > 63) {
      assertThatThrownBy(() -> x.plus(y)).isInstanceOf(ArithmeticException.class);
    } else {
      assertThat(x.plus(y).nanojoules()).isPositive();
    }
    assertThatThrownBy(() -> x.times(3)).isInstanceOf(ArithmeticException.class);
  }

  @Property
  void timesAndDividedByAreInverse(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long nj,
      @ForAll @LongRange(min = 1, max = 1_000_000) long k) {
    Energy e = Energy.ofNanojoules(nj);
    assertThat(e.times(k).dividedBy(k)).isEqualTo(e);
    assertThat(e.times(k).count(e.isZero() ? Energy.ofNanojoules(1) : e)).isEqualTo(e.isZero() ? 0 : k);
    assertThat(e.dividedBy(k).nanojoules()).isEqualTo(nj / k);
  }

  @Property
  void nanojoulesRoundTripThroughJoulesWithinOneNanojoule(@ForAll @LongRange(min = 0, max = MAX_EXACT_DOUBLE) long nj) {
    Energy e = Energy.ofNanojoules(nj);
    assertThat(Energy.ofJoules(e.toJoules()).nanojoules()).isCloseTo(nj, within(1L));
    assertThat(Energy.ofWattHours(e.toWattHours()).nanojoules()).isCloseTo(nj, within(1L + nj / 1_000_000_000_000L));
  }

  @Property
  void joulesRoundTripWithinOneNanojoule(@ForAll @DoubleRange(min = 0, max = 1e6) double joules) {
    assertThat(Energy.ofJoules(joules).toJoules()).isCloseTo(joules, within(1e-9));
  }

  @Property
  void integerUnitsAreExact(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 1_000_000) long n) {
    assertThat(Energy.ofMicrojoules(n).nanojoules()).isEqualTo(n * 1_000);
    assertThat(Energy.ofMillijoules(n).nanojoules()).isEqualTo(n * 1_000_000);
    assertThat(Energy.ofMillijoules(n)).isEqualTo(Energy.ofMicrojoules(n * 1_000));
  }

  @Property
  void compareToAgreesWithEquals(@ForAll @LongRange(min = 0) long a, @ForAll @LongRange(min = 0) long b) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Long.signum(Long.compare(a, b)));
    if (x.equals(y)) {
      assertThat(x.hashCode()).isEqualTo(y.hashCode());
    }
  }

  @Property
  void powerOverNanosIsExact(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long microwatts,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long nanos) {
    BigInteger exact = BigInteger.valueOf(microwatts).multiply(BigInteger.valueOf(nanos)).divide(BigInteger.valueOf(1_000_000));
    if (exact.bitLength() < 64) {
      assertThat(Power.ofMicrowatts(microwatts).overNanos(nanos)).isEqualTo(exact.longValueExact());
      assertThat(Power.ofMicrowatts(microwatts).over(Duration.ofNanos(nanos)).nanojoules()).isEqualTo(exact.longValueExact());
    } else {
      assertThatThrownBy(() -> Power.ofMicrowatts(microwatts).overNanos(nanos)).isInstanceOf(ArithmeticException.class);
    }
  }

  @Property
  void powerOverAnySplitOfTimeNeverExceedsTheWhole(@ForAll @LongRange(min = 0, max = 100_000_000_000L) long microwatts,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long a, @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long b) {
    Power p = Power.ofMicrowatts(microwatts);
    long whole = p.overNanos(a + b);
    long parts = p.overNanos(a) + p.overNanos(b);
    assertThat(parts).isBetween(whole - 1, whole);     // each part rounds down by less than 1 nJ
  }

  @Property
  void averagePowerOfAnEnergyIsExactToTheMicrowatt(@ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long nj,
      @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000L) long nanos) {
    BigInteger uw = BigInteger.valueOf(nj).multiply(BigInteger.valueOf(1_000_000)).divide(BigInteger.valueOf(nanos));
    if (uw.bitLength() >= 64) {
      assertThatThrownBy(() -> Power.of(Energy.ofNanojoules(nj), Duration.ofNanos(nanos))).isInstanceOf(ArithmeticException.class);
      return;
    }
    Power p = Power.of(Energy.ofNanojoules(nj), Duration.ofNanos(nanos));
    assertThat(p.microwatts()).isEqualTo(uw.longValueExact());
    if (p.microwatts() >= Long.MAX_VALUE / 1_000_000) {
      return;   // above ~9.2 MW, overNanos overflows in µW × sub-millisecond ns: no device draws that
    }
    // back over the same time: never more than the energy, short of it by less than 1 µW over that time + 1 nJ
    long back = p.overNanos(nanos);
    assertThat(back).isLessThanOrEqualTo(nj);
    assertThat(nj - back).isLessThanOrEqualTo(nanos / 1_000_000 + 1);
  }

  @Example
  void averagePowerNeedsAPositiveDuration() {
    assertThatThrownBy(() -> Power.of(Energy.ofJoules(1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration must be > 0");
    assertThatThrownBy(() -> Power.of(Energy.ofJoules(1), Duration.ofSeconds(-1))).hasMessageContaining("> 0");
    assertThatThrownBy(() -> Power.ofWatts(1).over(Duration.ofNanos(-1))).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Power.ofWatts(1).overNanos(-1)).hasMessageContaining(">= 0 ns");
  }

  @Example
  void overflowIsAnErrorNotAWrap() {
    assertThatThrownBy(() -> Energy.ofNanojoules(Long.MAX_VALUE).plus(Energy.ofNanojoules(1)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Energy.ofMillijoules(Long.MAX_VALUE / 1000)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Energy.ofJoules(1e12)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the largest energy");
    assertThatThrownBy(() -> Power.ofWatts(1e14)).hasMessageContaining("exceeds the largest power");
  }

  @Example
  void nanNegativeAndInfiniteAreRejectedWithTheValue() {
    assertThatThrownBy(() -> Energy.ofJoules(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite and >= 0 J, was NaN J");
    assertThatThrownBy(() -> Energy.ofJoules(-1)).hasMessageContaining("-1.0 J");
    assertThatThrownBy(() -> Energy.ofJoules(Double.NEGATIVE_INFINITY)).hasMessageContaining("-Infinity");
    assertThatThrownBy(() -> Energy.ofMilliwattHours(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity mWh");
    assertThatThrownBy(() -> Energy.ofWattHours(-0.5)).hasMessageContaining("-0.5 Wh");
    assertThatThrownBy(() -> Energy.ofNanojoules(-5)).hasMessageContaining("-5 nJ");
    assertThatThrownBy(() -> Energy.ofMicrojoules(-5)).hasMessageContaining("-5 µJ");
    assertThatThrownBy(() -> Energy.ofMillijoules(-5)).hasMessageContaining("-5 mJ");
    assertThatThrownBy(() -> Energy.ofMilliampHours(Double.NaN, 3.7)).hasMessageContaining("NaN mAh");
    assertThatThrownBy(() -> Energy.ofMilliampHours(1000, 0)).hasMessageContaining("voltage");
    assertThatThrownBy(() -> Energy.ofNanojoules(5).times(-1)).hasMessageContaining("factor");
    assertThatThrownBy(() -> Energy.ofNanojoules(5).dividedBy(0)).hasMessageContaining("parts");
    assertThatThrownBy(() -> Energy.ofNanojoules(5).ratioTo(Energy.ZERO)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Energy.ofNanojoules(5).count(Energy.ZERO)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Power.ofWatts(Double.NaN)).hasMessageContaining("NaN W");
    assertThatThrownBy(() -> Power.ofMilliwatts(-1)).hasMessageContaining("-1.0 mW");
    assertThatThrownBy(() -> Power.ofMicrowatts(-1)).hasMessageContaining("-1 µW");
    assertThatThrownBy(() -> Power.ofMilliamps(100, Double.NaN)).hasMessageContaining("voltage");
  }

  @Example
  void unitConversions() {
    assertThat(Energy.ofWattHours(1)).isEqualTo(Energy.ofJoules(3600));
    assertThat(Energy.ofMilliwattHours(1)).isEqualTo(Energy.ofJoules(3.6));
    assertThat(Energy.ofMilliampHours(1000, 3.7)).isEqualTo(Energy.ofJoules(13_320));
    assertThat(Energy.ofJoules(13_320).toMilliampHours(3.7)).isCloseTo(1000, within(1e-9));
    assertThat(Energy.ofMillijoules(1).toMicrojoules()).isEqualTo(1000.0);
    assertThat(Energy.ofJoules(2).toMillijoules()).isEqualTo(2000.0);
    assertThat(Power.ofMilliamps(500, 5).toWatts()).isEqualTo(2.5);
    assertThat(Power.ofWatts(2).over(Duration.ofMillis(3))).isEqualTo(Energy.ofMillijoules(6));
    assertThat(Power.of(Energy.ofJoules(10), Duration.ofSeconds(4))).isEqualTo(Power.ofWatts(2.5));
    assertThat(Power.ofWatts(1).plus(Power.ofMilliwatts(500)).toMilliwatts()).isEqualTo(1500.0);
    // the seed material's example: a 10,000 J battery at 280 mJ per inference
    assertThat(Energy.ofJoules(10_000).count(Energy.ofMillijoules(280))).isEqualTo(35_714);
    assertThat(Energy.ofJoules(3).ratioTo(Energy.ofJoules(2))).isEqualTo(1.5);
  }

  @Example
  void humanReadableFigures() {
    assertThat(Energy.ofNanojoules(999)).hasToString("999 nJ");
    assertThat(Energy.ofMicrojoules(63)).hasToString("63.0 µJ");
    assertThat(Energy.ofMillijoules(280)).hasToString("280 mJ");
    assertThat(Energy.ofJoules(10_000)).hasToString("1.000e+04 J");
    assertThat(Power.ofWatts(7)).hasToString("7.000 W");
    assertThat(Power.ofMilliwatts(2.5)).hasToString("2.50 mW");
  }

  @Example
  void qualityCombinesToEstimated() {
    assertThat(EnergyQuality.MEASURED.combine(EnergyQuality.MEASURED)).isEqualTo(EnergyQuality.MEASURED);
    assertThat(EnergyQuality.MEASURED.combine(EnergyQuality.ESTIMATED)).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(EnergyQuality.ESTIMATED.combine(EnergyQuality.MEASURED)).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(EnergyQuality.ESTIMATED.combine(EnergyQuality.ESTIMATED)).isEqualTo(EnergyQuality.ESTIMATED);
  }

  @Example
  void availabilityNeedsAReasonWhenUnavailable() {
    assertThat(Availability.AVAILABLE).hasToString("available");
    assertThat(Availability.unavailable("no RAPL")).hasToString("unavailable: no RAPL");
    assertThatThrownBy(() -> Availability.unavailable(" ")).hasMessageContaining("needs a reason");
  }

  @Example
  void theSystemTickerMovesForward() {
    long a = Ticker.system().read();
    long b = Ticker.system().read();
    assertThat(b).isGreaterThanOrEqualTo(a);
  }
}
