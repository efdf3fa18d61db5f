package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyReading;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake clock, the simulated meter and the recording listener. */
class FakesTest {
  @Test
  void theFakeTickerStartsAboveZeroAndMovesOnlyWhenTold() {
    FakeTicker t = FakeTicker.create();
    assertThat(t.read()).isEqualTo(1_000_000).isPositive();
    assertThat(t.read()).isEqualTo(t.read());
    assertThat(t.advance(Duration.ofSeconds(2)).advanceNanos(5).read()).isEqualTo(2_001_000_005L);
    assertThat(FakeTicker.startingAt(Duration.ofHours(1)).read()).isEqualTo(3_600_000_000_000L);
    assertThatThrownBy(() -> t.advanceNanos(-1)).hasMessageContaining("cannot go back");
    assertThatThrownBy(() -> FakeTicker.startingAt(Duration.ofNanos(-1))).hasMessageContaining("before 0");
    assertThatThrownBy(() -> t.advanceNanos(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void theFakeTickerCountsEveryAdvanceFromManyThreads() throws InterruptedException {
    FakeTicker t = FakeTicker.startingAt(Duration.ZERO);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      pool.execute(() -> {
        for (int k = 0; k < 10_000; k++) {
          t.advanceNanos(3);
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(t.read()).isEqualTo(120_000);
  }

  @Test
  void theMeterIntegratesBasePowerExactlyAndAddsWork() {
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter meter = SimulatedMeter.constantPower(ticker, Power.ofMilliwatts(1.5));
    assertThat(meter.readNanojoules()).isZero();
    ticker.advanceNanos(1_000_000_001);                       // 1.5 mW × 1.000000001 s, rounded down
    assertThat(meter.readNanojoules()).isEqualTo(1_500_000);
    meter.addWork(Energy.ofNanojoules(7));
    assertThat(meter.readNanojoules()).isEqualTo(1_500_007);
    assertThat(meter.total()).isEqualTo(Energy.ofNanojoules(1_500_007));
    assertThat(meter.work()).isEqualTo(Energy.ofNanojoules(7));
    assertThat(meter.basePower()).isEqualTo(Power.ofMicrowatts(1_500));
  }

  @Test
  void theMeterWrapsLikeRaplAndOneWrapIsRecovered() {
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter meter = SimulatedMeter.builder(ticker).basePower(Power.ofWatts(2)).wrapAt(5_000_000_000L).build();
    ticker.advance(Duration.ofMillis(1_500));
    EnergyReading before = meter.read();                       // 3 J
    ticker.advance(Duration.ofSeconds(2));
    assertThat(meter.readNanojoules()).as("7 J wrapped at 5 J").isEqualTo(2_000_000_000L);
    assertThat(meter.totalNanojoules()).isEqualTo(7_000_000_000L);
    assertThat(EnergyReading.between(before, meter.read()).energy()).as("one wrap").isEqualTo(Energy.ofJoules(4));
    assertThat(meter.wrapRangeNanojoules()).isEqualTo(5_000_000_000L);
    assertThatThrownBy(() -> SimulatedMeter.builder(ticker).wrapAt(0)).hasMessageContaining("> 0 nJ");
  }

  @Test
  void anUnavailableMeterReadsZeroAndSaysWhy() {
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter dead = SimulatedMeter.builder(ticker).basePower(Power.ofWatts(1)).unavailable("sensor gone").build();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(dead.availability().available()).isFalse();
    assertThat(dead.availability().reason()).isEqualTo("sensor gone");
    assertThat(dead.readNanojoules()).isZero();
    assertThat(dead.totalNanojoules()).as("the truth it cannot report").isEqualTo(1_000_000_000L);
    assertThatThrownBy(() -> SimulatedMeter.unavailable(ticker, " ")).hasMessageContaining("reason");
  }

  @Test
  void theMeterSaysItIsASimulationWhateverQualityItClaims() {
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter m = SimulatedMeter.builder(ticker).name("rapl-sim").domain(EnergyDomain.PACKAGE)
        .quality(EnergyQuality.MEASURED).build();
    assertThat(m.name()).isEqualTo("rapl-sim");
    assertThat(m.domain()).isEqualTo(EnergyDomain.PACKAGE);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(m.description()).contains("simulation");
    assertThat(m.ticker()).isSameAs(ticker);
    assertThat(SimulatedMeter.workOnly(ticker).quality()).isEqualTo(EnergyQuality.ESTIMATED);
  }

  @Test
  void theRecordingListenerSeesHealthySoftLimitExhaustedAndBack() {
    FakeTicker ticker = FakeTicker.create();
    RecordingBudgetListener events = new RecordingBudgetListener();
    EnergyBudget budget = EnergyBudget.builder().name("ml").ticker(ticker)
        .window(Energy.ofJoules(10), Duration.ofSeconds(10)).listener(events).build();
    budget.charge(Energy.ofJoules(8));                         // 8 of 10 J: pressure 0.8 = soft limit
    ticker.advance(Duration.ofSeconds(1));                     // +1 J
    budget.charge(Energy.ofJoules(3));                         // empty
    ticker.advance(Duration.ofSeconds(10));
    assertThat(budget.state()).isEqualTo(BudgetState.HEALTHY);
    assertThat(events.states()).containsExactly(BudgetState.SOFT_LIMIT, BudgetState.EXHAUSTED, BudgetState.HEALTHY);
    assertThat(events.events().get(1).from()).isEqualTo(BudgetState.SOFT_LIMIT);
    assertThat(events.events().get(1).tickerNanos()).isEqualTo(ticker.read() - 10_000_000_000L);
    assertThat(events.events().get(1).pressure()).isEqualTo(1.0);
    assertThat(events.last()).hasValueSatisfying(e -> assertThat(e.budget()).isEqualTo("ml"));
    events.clear();
    assertThat(events.events()).isEmpty();
    assertThat(events.last()).isEmpty();
  }
}
