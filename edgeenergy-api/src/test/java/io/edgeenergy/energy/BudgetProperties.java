package io.edgeenergy.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class BudgetProperties {
  /** A ticker for tests in this module (the testkit's FakeTicker depends on this module). */
  static final class ManualTicker implements Ticker {
    final AtomicLong now = new AtomicLong(1_000_000);

    @Override
    public long read() {
      return now.get();
    }

    void advance(long nanos) {
      now.addAndGet(nanos);
    }
  }

  @Property
  void tokenBucketRefillIsExactInAnySplit(@ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long capacityNj,
      @ForAll @LongRange(min = 1, max = 86_400_000_000_000L) long windowNanos,
      @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 0, max = 10_000_000_000L) Long> steps) {
    ManualTicker oneStep = new ManualTicker();
    ManualTicker manySteps = new ManualTicker();
    EnergyBudget a = EnergyBudget.builder().ticker(oneStep).window(Energy.ofNanojoules(capacityNj), Duration.ofNanos(windowNanos)).build();
    EnergyBudget b = EnergyBudget.builder().ticker(manySteps).window(Energy.ofNanojoules(capacityNj), Duration.ofNanos(windowNanos)).build();
    a.charge(capacityNj);
    b.charge(capacityNj);
    long total = 0;
    for (long s : steps) {
      manySteps.advance(s);
      b.windowRemaining();   // refills at every step
      total += s;
    }
    oneStep.advance(total);
    assertThat(b.windowRemaining()).isEqualTo(a.windowRemaining());
    long expected = java.math.BigInteger.valueOf(total).multiply(java.math.BigInteger.valueOf(capacityNj))
        .divide(java.math.BigInteger.valueOf(windowNanos)).min(java.math.BigInteger.valueOf(capacityNj)).longValueExact();
    assertThat(a.windowRemaining().orElseThrow().nanojoules()).isEqualTo(expected);
  }

  @Property
  void remainingNeverNegativeAndPressureInUnitRange(
      @ForAll @Size(max = 30) List<@LongRange(min = 0, max = 5_000_000_000L) Long> charges,
      @ForAll @LongRange(min = 0, max = 3_600_000_000_000L) long stepNanos) {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(20), Duration.ofHours(1))
        .window(Energy.ofJoules(5), Duration.ofMinutes(1)).build();
    for (long c : charges) {
      budget.charge(c);
      t.advance(stepNanos);
      assertThat(budget.batteryRemaining().orElseThrow().nanojoules()).isNotNegative();
      assertThat(budget.windowRemaining().orElseThrow().nanojoules()).isNotNegative();
      assertThat(budget.pressure()).isBetween(0.0, 1.0);
    }
  }

  @Example
  void projectsLifetimeFromTheObservedDrain() {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(100), Duration.ofSeconds(100)).build();
    assertThat(budget.projectedLifetime()).isEmpty();
    t.advance(Duration.ofSeconds(10).toNanos());
    budget.charge(Energy.ofJoules(20));                        // 2 J/s: 80 J left lasts 40 s
    assertThat(budget.projectedLifetime()).contains(Duration.ofSeconds(40));
    // 40 s projected vs 90 s of target left: pressure 1 - 40/90
    assertThat(budget.pressure()).isCloseTo(1 - 40.0 / 90, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Example
  void listenersSeeHealthySoftLimitExhausted() {
    ManualTicker t = new ManualTicker();
    List<BudgetState> states = new ArrayList<>();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(10))
        .listener(e -> states.add(e.to())).build();
    budget.charge(Energy.ofJoules(5));
    budget.charge(Energy.ofJoules(3.5));
    budget.charge(Energy.ofJoules(5));
    assertThat(states).containsExactly(BudgetState.SOFT_LIMIT, BudgetState.EXHAUSTED);
    assertThat(budget.batteryRemaining()).contains(Energy.ZERO);
    assertThat(budget.pressure()).isEqualTo(1.0);
  }

  @Example
  void aThrowingListenerDoesNotBreakTheBudget() {
    EnergyBudget budget = EnergyBudget.builder().battery(Energy.ofJoules(1))
        .listener(e -> {
          throw new IllegalStateException("listener bug");
        }).build();
    budget.charge(Energy.ofJoules(1));
    assertThat(budget.state()).isEqualTo(BudgetState.EXHAUSTED);
  }

  @Example
  void reserveNamesTheLimitThatRefused() {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(1))
        .perInferenceCap(Energy.ofMillijoules(100)).build();
    assertThat(budget.tryReserve(Energy.ofMillijoules(50).nanojoules())).isTrue();
    assertThat(budget.tryReserve(Energy.ofMillijoules(150).nanojoules())).isFalse();
    assertThatThrownBy(() -> budget.reserve(Energy.ofMillijoules(150))).isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("per-inference cap");
    for (int i = 0; i < 19; i++) {
      budget.reserve(Energy.ofMillijoules(50));
    }
    assertThatThrownBy(() -> budget.reserve(Energy.ofMillijoules(50))).hasMessageContaining("left in the battery");
  }

  @Example
  void builderRejectsBadLimits() {
    assertThatThrownBy(() -> EnergyBudget.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one limit");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ZERO)).hasMessageContaining("> 0 J");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(Double.NaN))).hasMessageContaining("NaN");
    assertThatThrownBy(() -> EnergyBudget.builder().window(Energy.ofJoules(1), Duration.ZERO)).hasMessageContaining("window");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("target lifetime");
    assertThatThrownBy(() -> EnergyBudget.builder().softLimit(1.5)).hasMessageContaining("softLimit");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(1)).build().charge(-1))
        .hasMessageContaining(">= 0");
  }
}
