package io.edgeenergy.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.Energy;
import io.edgeenergy.Ticker;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class BudgetProperties {
  /** A ticker for tests in this module (the testkit's FakeTicker depends on this module); starts at 1 ms. */
  static final class ManualTicker implements Ticker {
    final AtomicLong now = new AtomicLong(1_000_000);

    @Override
    public long read() {
      return now.get();
    }

    void advance(long nanos) {
      now.addAndGet(nanos);
    }

    void advance(Duration d) {
      advance(d.toNanos());
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
    long expected = BigInteger.valueOf(total).multiply(BigInteger.valueOf(capacityNj))
        .divide(BigInteger.valueOf(windowNanos)).min(BigInteger.valueOf(capacityNj)).longValueExact();
    assertThat(a.windowRemaining().orElseThrow().nanojoules()).isEqualTo(expected);
  }

  @Property
  void refillBetweenChargesIsExactInAnySplit(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long capacityNj,
      @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 0, max = 700_000_000L) Long> steps,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long charge) {
    // the same charge, then the same total time: in one step or in many (with reads between), same tokens
    ManualTicker oneStep = new ManualTicker();
    ManualTicker manySteps = new ManualTicker();
    Duration window = Duration.ofSeconds(7);
    EnergyBudget a = EnergyBudget.builder().ticker(oneStep).window(Energy.ofNanojoules(capacityNj), window).build();
    EnergyBudget b = EnergyBudget.builder().ticker(manySteps).window(Energy.ofNanojoules(capacityNj), window).build();
    a.charge(charge);
    b.charge(charge);
    long total = 0;
    for (long s : steps) {
      manySteps.advance(s);
      b.pressure();
      total += s;
    }
    oneStep.advance(total);
    assertThat(b.windowRemaining()).isEqualTo(a.windowRemaining());
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

  @Property
  void usedMinusOverdraftPlusRemainingIsTheBattery(
      @ForAll @Size(max = 30) List<@LongRange(min = 0, max = 2_000_000_000L) Long> charges) {
    ManualTicker t = new ManualTicker();
    long capacity = 10_000_000_000L;
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofNanojoules(capacity)).build();
    long sum = 0;
    for (long c : charges) {
      budget.charge(c);
      sum += c;
      // nothing spent disappears: used() counts every charge, what went past empty is the overdraft
      assertThat(budget.used()).isEqualTo(Energy.ofNanojoules(sum));
      assertThat(budget.overdraft()).isEqualTo(Energy.ofNanojoules(Math.max(0, sum - capacity)));
      assertThat(budget.used().minus(budget.overdraft()).plus(budget.batteryRemaining().orElseThrow()))
          .isEqualTo(Energy.ofNanojoules(capacity));
      assertThat(budget.batteryRemaining().orElseThrow().nanojoules()).isEqualTo(Math.max(0, capacity - sum));
      assertThat(budget.pressure()).isCloseTo(Math.min(1.0, (double) sum / capacity), within(1e-12));
      assertThat(budget.state() == BudgetState.EXHAUSTED).isEqualTo(sum >= capacity);
    }
  }

  @Property
  void aRefusedReservationChargesNothingAndAnAcceptedOneChargesExactly(
      @ForAll @Size(max = 30) List<@LongRange(min = 0, max = 300_000_000L) Long> asks) {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(2))
        .window(Energy.ofJoules(1), Duration.ofHours(1)).perInferenceCap(Energy.ofMillijoules(250)).build();
    for (long ask : asks) {
      Energy before = budget.used();
      Energy window = budget.windowRemaining().orElseThrow();
      boolean affordable = budget.canAfford(ask);
      boolean reserved = budget.tryReserve(Energy.ofNanojoules(ask));
      assertThat(reserved).isEqualTo(affordable)
          .isEqualTo(ask <= 250_000_000L && ask <= window.nanojoules() && ask <= 2_000_000_000L - before.nanojoules());
      assertThat(budget.used()).isEqualTo(reserved ? before.plus(Energy.ofNanojoules(ask)) : before);
    }
  }

  @Property
  void pressureNeverFallsOutsideUnitRangeWithATargetLifetime(@ForAll @DoubleRange(min = 0, max = 200) double joules,
      @ForAll @LongRange(min = 0, max = 200_000_000_000_000L) long elapsedNanos) {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(100), Duration.ofDays(1)).build();
    t.advance(elapsedNanos);
    budget.charge(Energy.ofJoules(joules));
    assertThat(budget.pressure()).isBetween(0.0, 1.0);
  }

  @Example
  void projectsLifetimeFromTheObservedDrain() {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(100), Duration.ofSeconds(100)).build();
    assertThat(budget.projectedLifetime()).isEmpty();
    t.advance(Duration.ofSeconds(10));
    assertThat(budget.projectedLifetime()).as("nothing spent yet").isEmpty();
    budget.charge(Energy.ofJoules(20));                        // 2 J/s: 80 J left lasts 40 s
    assertThat(budget.projectedLifetime()).contains(Duration.ofSeconds(40));
    // 40 s projected vs 90 s of target left: pressure 1 - 40/90
    assertThat(budget.pressure()).isCloseTo(1 - 40.0 / 90, within(1e-9));
    assertThat(EnergyBudget.builder().ticker(t).window(Energy.ofJoules(1), Duration.ofSeconds(1)).build()
        .projectedLifetime()).as("no battery").isEmpty();
  }

  @Example
  void aBatteryOnTrackForItsTargetFeelsNoPressure() {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).battery(Energy.ofJoules(100), Duration.ofHours(10)).build();
    t.advance(Duration.ofHours(5));
    budget.charge(Energy.ofJoules(40));                        // 60 J at 8 J/h last 7.5 h > 5 h left
    assertThat(budget.pressure()).isZero();
    assertThat(budget.state()).isEqualTo(BudgetState.HEALTHY);
  }

  @Example
  void listenersSeeHealthySoftLimitExhaustedOnABattery() {
    ManualTicker t = new ManualTicker();
    List<BudgetStateChanged> events = new ArrayList<>();
    EnergyBudget budget = EnergyBudget.builder().name("battery").ticker(t).battery(Energy.ofJoules(10))
        .listener(events::add).build();
    budget.charge(Energy.ofJoules(5));
    t.advance(Duration.ofSeconds(1));
    budget.charge(Energy.ofJoules(3.5));                       // 8.5 of 10: soft limit 0.8
    t.advance(Duration.ofSeconds(1));
    budget.charge(Energy.ofJoules(5));                         // empty
    assertThat(events).extracting(BudgetStateChanged::to).containsExactly(BudgetState.SOFT_LIMIT, BudgetState.EXHAUSTED);
    assertThat(events).extracting(BudgetStateChanged::from).containsExactly(BudgetState.HEALTHY, BudgetState.SOFT_LIMIT);
    assertThat(events.get(0).tickerNanos()).isEqualTo(1_001_000_000L);
    assertThat(events.get(0).pressure()).isCloseTo(0.85, within(1e-12));
    assertThat(events.get(1).budget()).isEqualTo("battery");
    assertThat(budget.batteryRemaining()).contains(Energy.ZERO);
    assertThat(budget.pressure()).isEqualTo(1.0);
    assertThat(budget.canAfford(1)).isFalse();
  }

  @Example
  void aWindowRecoversAsItRefillsAndListenersHearIt() {
    ManualTicker t = new ManualTicker();
    List<BudgetState> states = new ArrayList<>();
    EnergyBudget budget = EnergyBudget.builder().ticker(t).window(Energy.ofJoules(10), Duration.ofSeconds(10))
        .softLimit(0.5).listener(e -> states.add(e.to())).build();
    budget.charge(Energy.ofJoules(10));
    assertThat(budget.state()).isEqualTo(BudgetState.EXHAUSTED);
    t.advance(Duration.ofSeconds(2));                          // 2 J back: pressure 0.8
    assertThat(budget.state()).isEqualTo(BudgetState.SOFT_LIMIT);
    t.advance(Duration.ofSeconds(4));                          // 6 J: pressure 0.4
    assertThat(budget.state()).isEqualTo(BudgetState.HEALTHY);
    assertThat(states).containsExactly(BudgetState.EXHAUSTED, BudgetState.SOFT_LIMIT, BudgetState.HEALTHY);
    List<BudgetState> removed = new ArrayList<>();
    BudgetListener l = e -> removed.add(e.to());
    budget.addListener(l);
    budget.removeListener(l);
    budget.charge(Energy.ofJoules(6));
    assertThat(states).endsWith(BudgetState.EXHAUSTED);
    assertThat(removed).isEmpty();
  }

  @Example
  void aThrowingListenerDoesNotBreakTheBudgetOrOtherListeners() {
    List<BudgetState> heard = new ArrayList<>();
    EnergyBudget budget = EnergyBudget.builder().battery(Energy.ofJoules(1))
        .listener(e -> {
          throw new IllegalStateException("listener bug");
        }).build();
    budget.addListener(e -> heard.add(e.to()));
    budget.charge(Energy.ofJoules(1));
    assertThat(budget.state()).isEqualTo(BudgetState.EXHAUSTED);
    assertThat(heard).containsExactly(BudgetState.EXHAUSTED);
  }

  @Example
  void reserveNamesTheLimitThatRefused() {
    ManualTicker t = new ManualTicker();
    EnergyBudget budget = EnergyBudget.builder().name("cam").ticker(t).battery(Energy.ofJoules(1))
        .perInferenceCap(Energy.ofMillijoules(100)).build();
    assertThat(budget.tryReserve(Energy.ofMillijoules(50))).isTrue();
    assertThat(budget.tryReserve(Energy.ofMillijoules(150))).isFalse();
    assertThatThrownBy(() -> budget.reserve(Energy.ofMillijoules(150))).isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("budget 'cam' cannot afford 150 mJ").hasMessageContaining("per-inference cap of 100 mJ");
    for (int i = 0; i < 19; i++) {
      budget.reserve(Energy.ofMillijoules(50));
    }
    assertThatThrownBy(() -> budget.reserve(Energy.ofMillijoules(50))).hasMessageContaining("only 0 nJ left in the battery");
    EnergyBudget window = EnergyBudget.builder().ticker(t).window(Energy.ofJoules(1), Duration.ofMinutes(1)).build();
    window.reserve(Energy.ofMillijoules(800));
    assertThatThrownBy(() -> window.reserve(Energy.ofMillijoules(300))).isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("only 200 mJ left in this window");
  }

  @Example
  void chargesFromManyThreadsAllCount() throws InterruptedException {
    EnergyBudget budget = EnergyBudget.builder().battery(Energy.ofJoules(1_000)).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      pool.execute(() -> {
        for (int k = 0; k < 10_000; k++) {
          budget.charge(7);
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(budget.used()).isEqualTo(Energy.ofNanojoules(280_000));
  }

  @Example
  void builderRejectsBadLimits() {
    assertThatThrownBy(() -> EnergyBudget.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one limit");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ZERO)).hasMessageContaining("battery capacity must be > 0 J");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(Double.NaN))).hasMessageContaining("NaN");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(-3))).hasMessageContaining("-3.0 J");
    assertThatThrownBy(() -> EnergyBudget.builder().window(Energy.ZERO, Duration.ofSeconds(1))).hasMessageContaining("energy per window");
    assertThatThrownBy(() -> EnergyBudget.builder().window(Energy.ofJoules(1), Duration.ZERO)).hasMessageContaining("window must be > 0");
    assertThatThrownBy(() -> EnergyBudget.builder().perInferenceCap(Energy.ZERO)).hasMessageContaining("per-inference cap");
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("target lifetime");
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> EnergyBudget.builder().softLimit(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("softLimit must be in (0, 1], was " + bad);
    }
    assertThatThrownBy(() -> EnergyBudget.builder().ticker(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> EnergyBudget.builder().battery(Energy.ofJoules(1)).build().charge(-1))
        .hasMessageContaining(">= 0");
  }

  @Example
  void toStringListsEveryLimit() {
    EnergyBudget budget = EnergyBudget.builder().name("app").ticker(new ManualTicker())
        .battery(Energy.ofJoules(10), Duration.ofHours(2)).window(Energy.ofJoules(1), Duration.ofMinutes(1))
        .perInferenceCap(Energy.ofMillijoules(5)).build();
    assertThat(budget.toString()).contains("name=app", "battery=10.00 J of 10.00 J", "targetLifetime=PT2H",
        "window=1.000 J of 1.000 J per PT1M", "perInferenceCap=5.00 mJ", "softLimit=0.8", "state=HEALTHY");
  }
}
