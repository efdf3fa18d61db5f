package io.edgeenergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class EnergyProperties {
  @Property
  void plusThenMinusIsIdentity(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    assertThat(x.plus(y)).isEqualTo(y.plus(x));
    assertThat(x.plus(y).minus(y)).isEqualTo(x);
  }

  @Property
  void neverNegative(@ForAll @LongRange(min = 0) long a, @ForAll @LongRange(min = 0) long b) {
    Energy x = Energy.ofNanojoules(a);
    Energy y = Energy.ofNanojoules(b);
    assertThat(x.saturatingMinus(y).nanojoules()).isNotNegative();
    if (b > a) {
      assertThatThrownBy(() -> x.minus(y)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
  }

  @Property
  void joulesRoundTripWithinOneNanojoule(@ForAll @DoubleRange(min = 0, max = 1e9) double joules) {
    assertThat(Energy.ofJoules(joules).toJoules()).isCloseTo(joules, org.assertj.core.data.Offset.offset(1e-9 + joules * 1e-15));
  }

  @Property
  void powerOverIsExact(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long microwatts,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long nanos) {
    BigInteger exact = BigInteger.valueOf(microwatts).multiply(BigInteger.valueOf(nanos)).divide(BigInteger.valueOf(1_000_000));
    if (exact.bitLength() < 63) {
      assertThat(Power.ofMicrowatts(microwatts).overNanos(nanos)).isEqualTo(exact.longValueExact());
    } else {
      assertThatThrownBy(() -> Power.ofMicrowatts(microwatts).overNanos(nanos)).isInstanceOf(ArithmeticException.class);
    }
  }

  @Example
  void overflowIsAnErrorNotAWrap() {
    assertThatThrownBy(() -> Energy.ofNanojoules(Long.MAX_VALUE).plus(Energy.ofNanojoules(1)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Energy.ofJoules(1e12)).hasMessageContaining("exceeds");
  }

  @Example
  void nanNegativeAndInfiniteAreRejectedWithTheValue() {
    assertThatThrownBy(() -> Energy.ofJoules(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Energy.ofJoules(-1)).hasMessageContaining("-1.0 J");
    assertThatThrownBy(() -> Energy.ofMilliwattHours(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Energy.ofNanojoules(-5)).hasMessageContaining("-5 nJ");
    assertThatThrownBy(() -> Power.ofWatts(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> Energy.ofMilliampHours(1000, 0)).hasMessageContaining("voltage");
  }

  @Example
  void unitConversions() {
    assertThat(Energy.ofWattHours(1)).isEqualTo(Energy.ofJoules(3600));
    assertThat(Energy.ofMilliampHours(1000, 3.7)).isEqualTo(Energy.ofJoules(13_320));
    assertThat(Energy.ofJoules(13_320).toMilliampHours(3.7)).isCloseTo(1000, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Power.ofMilliamps(500, 5).toWatts()).isEqualTo(2.5);
    assertThat(Power.ofWatts(2).over(Duration.ofMillis(3))).isEqualTo(Energy.ofMillijoules(6));
    assertThat(Power.of(Energy.ofJoules(10), Duration.ofSeconds(4))).isEqualTo(Power.ofWatts(2.5));
    assertThat(Energy.ofJoules(10_000).count(Energy.ofMillijoules(280))).isEqualTo(35_714);
    assertThat(Energy.ofMicrojoules(63).toString()).isEqualTo("63.0 µJ");
    assertThat(Power.ofWatts(7).toString()).isEqualTo("7.000 W");
  }

  @Example
  void qualityCombinesToEstimated() {
    assertThat(EnergyQuality.MEASURED.combine(EnergyQuality.MEASURED)).isEqualTo(EnergyQuality.MEASURED);
    assertThat(EnergyQuality.MEASURED.combine(EnergyQuality.ESTIMATED)).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(EnergyQuality.ESTIMATED.combine(EnergyQuality.MEASURED)).isEqualTo(EnergyQuality.ESTIMATED);
  }
}
