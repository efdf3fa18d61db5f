package io.edgeenergy.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.internal.MutableLedger;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import java.time.Duration;

class LedgerProperties {
  private static MutableLedger ledger() {
    return MutableLedger.builder().tier("tiny", List.of("logreg")).tier("big", List.of("seg1", "seg2", "seg3")).build();
  }

  /**
   * Each inference runs the tiny tier and, for {@code depth} > 0, the first {@code depth} big stages.
   * The expected figures come from independent bookkeeping per (tier, stage), not from the totals the
   * test hands the ledger: every stage's runs, stops and energy, and the grand total, must match it.
   */
  @Property
  void everyStageAndTheTotalMatchIndependentAccounting(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 3) Integer> depths,
      @ForAll @Size(min = 4, max = 4) List<@LongRange(min = 0, max = 1_000_000_000L) Long> costs) {
    MutableLedger ledger = ledger();
    long[][] runs = {new long[1], new long[3]};
    long[][] stops = {new long[1], new long[3]};
    long[][] energy = {new long[1], new long[3]};
    for (int depth : depths) {
      long total = 0;
      for (int step = 0; step <= depth; step++) {
        int tier = step == 0 ? 0 : 1;
        int stage = step == 0 ? 0 : step - 1;
        long cost = costs.get(step);
        ledger.chargeStage(tier, stage, cost, 10, EnergyQuality.MEASURED);
        runs[tier][stage]++;
        energy[tier][stage] += cost;
        total += cost;
      }
      int stopTier = depth == 0 ? 0 : 1;
      int stopStage = Math.max(0, depth - 1);
      ledger.recordInference(stopTier, stopStage, total, false);
      stops[stopTier][stopStage]++;
    }
    LedgerSnapshot s = ledger.snapshot();
    long grand = 0;
    for (int t = 0; t < 2; t++) {
      for (int st = 0; st < runs[t].length; st++) {
        LedgerSnapshot.StageStats stats = s.tiers().get(t).stages().get(st);
        assertThat(stats.runs()).isEqualTo(runs[t][st]);
        assertThat(stats.stops()).isEqualTo(stops[t][st]);
        assertThat(stats.energy()).isEqualTo(Energy.ofNanojoules(energy[t][st]));
        grand += energy[t][st];
      }
    }
    assertThat(s.total()).isEqualTo(s.sumOfStages()).isEqualTo(Energy.ofNanojoules(grand));
    assertThat(s.inferences()).isEqualTo(depths.size());
  }

  @Property
  void meansAreTotalsOverCounts(@ForAll @Size(min = 1, max = 100) List<@LongRange(min = 0, max = 1_000_000_000L) Long> costs) {
    MutableLedger ledger = ledger();
    long sum = 0;
    for (long c : costs) {
      ledger.chargeStage(0, 0, c, 1, EnergyQuality.ESTIMATED);
      ledger.recordInference(0, 0, c, false);
      sum += c;
    }
    LedgerSnapshot s = ledger.snapshot();
    assertThat(s.meanPerInference()).isEqualTo(Energy.ofNanojoules(sum / costs.size()));
    assertThat(ledger.meanStageNanojoules(0, 0)).isEqualTo(sum / costs.size());
    assertThat(s.tiers().get(0).stages().get(0).meanPerRun()).isEqualTo(Energy.ofNanojoules(sum / costs.size()));
    assertThat(s.tiers().get(0).stages().get(0).wallNanos()).isEqualTo(costs.size());
    assertThat(ledger.meanTierNanojoules(1)).as("never ran").isZero();
  }

  @Property
  void measuredOnlyIfEveryChargeWas(@ForAll @Size(min = 1, max = 20) List<Boolean> measured) {
    MutableLedger ledger = ledger();
    for (int i = 0; i < measured.size(); i++) {
      ledger.chargeStage(1, i % 3, 1, 1, measured.get(i) ? EnergyQuality.MEASURED : EnergyQuality.ESTIMATED);
    }
    boolean all = measured.stream().allMatch(m -> m);
    assertThat(ledger.snapshot().quality()).isEqualTo(all ? EnergyQuality.MEASURED : EnergyQuality.ESTIMATED);
  }

  @Property
  void deltaRecoversExactlyOneWrap(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 2) long range,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long start, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long spent) {
    Assume.that(start < range && spent < range);
    long end = (start + spent) % range;
    assertThat(EnergyReading.delta(start, end, range)).isEqualTo(spent);
  }

  @Example
  void qualityIsEstimatedIfAnyChargeWas() {
    MutableLedger ledger = ledger();
    ledger.chargeStage(0, 0, 5, 1, EnergyQuality.MEASURED);
    ledger.recordInference(0, 0, 5, false);
    assertThat(ledger.snapshot().quality()).isEqualTo(EnergyQuality.MEASURED);
    ledger.chargeStage(1, 0, 5, 1, EnergyQuality.ESTIMATED);
    assertThat(ledger.snapshot().quality()).isEqualTo(EnergyQuality.ESTIMATED);
    ledger.reset();
    assertThat(ledger.snapshot().total()).isEqualTo(Energy.ZERO);
    assertThat(ledger.snapshot().meanPerInference()).isEqualTo(Energy.ZERO);
  }

  @Example
  void meansAndRates() {
    MutableLedger ledger = ledger();
    for (int i = 0; i < 4; i++) {
      ledger.chargeStage(0, 0, 10, 1, EnergyQuality.ESTIMATED);
      if (i == 0) {
        ledger.chargeStage(1, 0, 100, 1, EnergyQuality.ESTIMATED);
        ledger.recordInference(1, 0, 110, false);
      } else {
        ledger.recordInference(0, 0, 10, i == 3);
      }
    }
    LedgerSnapshot s = ledger.snapshot();
    assertThat(ledger.meanStageNanojoules(0, 0)).isEqualTo(10);
    assertThat(ledger.meanTierNanojoules(1)).isEqualTo(100);
    assertThat(s.reachedRate(1)).isEqualTo(0.25);
    assertThat(s.stopRate(0, 0)).isEqualTo(0.75);
    assertThat(s.budgetDenials()).isEqualTo(1);
    assertThat(s.meanPerInference()).isEqualTo(Energy.ofNanojoules(35));
  }

  @Example
  void negativeChargesAndEmptyLedgersAreRejected() {
    assertThatThrownBy(() -> ledger().chargeStage(0, 0, -1, 0, EnergyQuality.MEASURED)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> ledger().chargeStage(0, 0, 1, -1, EnergyQuality.MEASURED)).hasMessageContaining("-1 ns");
    assertThatThrownBy(() -> MutableLedger.builder().build()).hasMessageContaining("at least one tier");
    assertThatThrownBy(() -> MutableLedger.builder().tier("t", List.of())).hasMessageContaining("at least one stage");
  }

  @Example
  void readingsDeltaSurvivesOneWrap() {
    assertThat(EnergyReading.delta(900, 100, 1000)).isEqualTo(200);
    assertThat(EnergyReading.delta(100, 900, 1000)).isEqualTo(800);
    assertThatThrownBy(() -> EnergyReading.delta(900, 100, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backwards");
    var a = new EnergyReading("m", EnergyDomain.PACKAGE, 0, 990, 1000, EnergyQuality.MEASURED);
    var b = new EnergyReading("m", EnergyDomain.PACKAGE, 1_000_000, 10, 1000, EnergyQuality.MEASURED);
    assertThat(EnergyReading.between(a, b).energy()).isEqualTo(Energy.ofNanojoules(20));
    assertThat(EnergyReading.between(a, b).quality()).isEqualTo(EnergyQuality.MEASURED);
    var other = new EnergyReading("n", EnergyDomain.PACKAGE, 0, 0, 0, EnergyQuality.MEASURED);
    assertThatThrownBy(() -> EnergyReading.between(a, other)).hasMessageContaining("different counters");
    var dram = new EnergyReading("m", EnergyDomain.DRAM, 1, 0, 1000, EnergyQuality.MEASURED);
    assertThatThrownBy(() -> EnergyReading.between(a, dram)).hasMessageContaining("different counters");
    assertThatThrownBy(() -> EnergyReading.between(b, a)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("precedes");
    assertThatThrownBy(() -> EnergyReading.delta(2000, 10, 1000)).as("a start beyond the range is no wrap")
        .isInstanceOf(IllegalStateException.class);
    var estimated = new EnergyReading("m", EnergyDomain.PACKAGE, 2_000_000, 30, 1000, EnergyQuality.ESTIMATED);
    EnergyReading.Measurement m = EnergyReading.between(a, estimated);
    assertThat(m.quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(m.duration()).isEqualTo(Duration.ofMillis(2));
    assertThat(m.toString()).contains("40 nJ in 2.0 ms (ESTIMATED)");
  }

  @Example
  void aSecondWriterDuringAnOpenInferenceFailsFastAndLosesNothing() throws Exception {
    MutableLedger ledger = ledger();
    ledger.chargeStage(0, 0, 10, 1, EnergyQuality.MEASURED);   // this thread's inference is open
    var other = java.util.concurrent.CompletableFuture.runAsync(() -> ledger.chargeStage(1, 0, 5, 1, EnergyQuality.MEASURED));
    assertThatThrownBy(other::join).hasCauseInstanceOf(io.edgeenergy.ConcurrentUseException.class)
        .hasMessageContaining("one writer at a time");
    ledger.recordInference(0, 0, 10, false);
    java.util.concurrent.CompletableFuture.runAsync(() -> {   // between inferences another thread may write
      ledger.chargeStage(1, 0, 5, 1, EnergyQuality.MEASURED);
      ledger.recordInference(1, 0, 5, false);
    }).join();
    assertThat(ledger.snapshot().total()).isEqualTo(ledger.snapshot().sumOfStages()).isEqualTo(Energy.ofNanojoules(15));
  }

  @Example
  void aTotalThatDiffersFromTheChargesIsRefused() {
    MutableLedger ledger = ledger();
    ledger.chargeStage(0, 0, 10, 1, EnergyQuality.MEASURED);
    assertThatThrownBy(() -> ledger.recordInference(0, 0, 11, false)).hasMessageContaining("11 nJ")
        .hasMessageContaining("10 nJ").hasMessageContaining("conserved");
    assertThatThrownBy(ledger::abandonInference).hasMessageContaining("charged 10 nJ");
  }

  @Example
  void deltaOrImpossibleNeverThrows() {
    assertThat(EnergyReading.deltaOrImpossible(100, 40, 0)).isEqualTo(EnergyReading.IMPOSSIBLE);
    assertThat(EnergyReading.deltaOrImpossible(2000, 10, 1000)).isEqualTo(EnergyReading.IMPOSSIBLE);
    assertThat(EnergyReading.deltaOrImpossible(900, 100, 1000)).isEqualTo(200);
  }

  @Example
  void unavailableMeterSaysWhyAndCountsNothing() {
    EnergyMeter m = EnergyMeter.unavailable("/sys/class/powercap/intel-rapl:0/energy_uj: permission denied");
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("permission denied");
    assertThat(m.readNanojoules()).isZero();
    assertThat(m.quality()).isEqualTo(EnergyQuality.ESTIMATED);
  }
}
