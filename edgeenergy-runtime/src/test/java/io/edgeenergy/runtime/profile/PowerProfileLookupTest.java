package io.edgeenergy.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Power;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PowerProfileLookupTest {
  private static final PowerProfile BOARD = PowerProfile.custom()
      .name("board").source("test").basePower(Power.ofMilliwatts(1000))
      .cluster("little", 4, Map.of(600_000L, Power.ofMilliwatts(100), 1_800_000L, Power.ofMilliwatts(400)))
      .cluster("big", 2, Map.of(3_000_000L, Power.ofMilliwatts(3500), 1_000_000L, Power.ofMilliwatts(500),
          2_000_000L, Power.ofMilliwatts(1500)))
      .build();

  @Test
  void exactAtAPoint() {
    assertThat(BOARD.activePowerPerCore(2_000_000)).isEqualTo(Power.ofMilliwatts(1500));
  }

  @Test
  void linearBetweenPoints() {
    assertThat(BOARD.activePowerPerCore(1_500_000)).isEqualTo(Power.ofMilliwatts(1000));
    assertThat(BOARD.activePowerPerCore(2_250_000)).isEqualTo(Power.ofMilliwatts(2000));
  }

  @Test
  void clampsOutsideThePoints() {
    assertThat(BOARD.activePowerPerCore(200_000)).isEqualTo(Power.ofMilliwatts(500));
    assertThat(BOARD.activePowerPerCore(4_800_000)).isEqualTo(Power.ofMilliwatts(3500));
  }

  @Test
  void biggestClusterIsTheOneDrawingMostAtItsTopAndGivesTheTypicalFigure() {
    assertThat(BOARD.biggestCluster().name()).isEqualTo("big");
    assertThat(BOARD.typicalActivePowerPerCore()).isEqualTo(Power.ofMilliwatts(3500));
    assertThat(BOARD.typicalFrequencyKhz()).isEqualTo(3_000_000);
    assertThat(BOARD.cluster("little").orElseThrow().activePowerPerCore(1_200_000))
        .isEqualTo(Power.ofMilliwatts(250));
  }

  @Test
  void pointsAreSortedWhateverTheInputOrder() {
    assertThat(BOARD.biggestCluster().points()).extracting(OperatingPoint::frequencyKhz)
        .containsExactly(1_000_000L, 2_000_000L, 3_000_000L);
  }

  @Test
  void rejectsNonsenseInCode() {
    assertThatThrownBy(() -> BOARD.activePowerPerCore(0)).hasMessageContaining("frequencyKhz must be >= 1");
    assertThatThrownBy(() -> new OperatingPoint(1000, Power.ZERO)).hasMessageContaining("> 0");
    assertThatThrownBy(() -> PowerProfile.custom().name("x").basePower(Power.ZERO).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("source");
    assertThatThrownBy(() -> PowerProfile.custom().nominalVolts(Double.NaN)).hasMessageContaining("nominalVolts");
    assertThatThrownBy(() -> PowerProfile.custom().cluster("a", 0, Map.of(1L, Power.ofWatts(1))))
        .hasMessageContaining("cores must be >= 1");
  }

  @Property
  void interpolationStaysBetweenNeighboursAndIsMonotoneOnAMonotoneCurve(
      @ForAll @LongRange(min = 1, max = 6_000_000) long a, @ForAll @LongRange(min = 1, max = 6_000_000) long b) {
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    Power pLo = BOARD.activePowerPerCore(lo);
    Power pHi = BOARD.activePowerPerCore(hi);
    assertThat(pLo).isLessThanOrEqualTo(pHi);
    assertThat(pLo).isBetween(Power.ofMilliwatts(500), Power.ofMilliwatts(3500));
  }
}
