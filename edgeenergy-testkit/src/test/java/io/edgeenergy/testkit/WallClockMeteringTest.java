package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.testkit.ScriptedModel.Cost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default metering with a thread CPU-time meter (issue #12): wall-clock windows × each stage's
 * measured energy per ns, the meter read around a sample of runs only.
 */
class WallClockMeteringTest {
  private static final float[] SURE = {0.95f, 0.05f};
  private static final float[] UNSURE = {0.55f, 0.45f};
  private static final float[] INPUT = new float[64];
  /** One busy core: 7 W, so 1 ms of CPU time is 7 mJ. */
  private static final Power CORE = Power.ofWatts(7);

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter cpu = SimulatedMeter.builder(ticker).threadCpu(CORE).build();

  private static Cost busy(long micros) {
    return Cost.of(Duration.ofNanos(micros * 1_000), Energy.ofNanojoules(CORE.overNanos(micros * 1_000)));
  }

  private TieredInferencePipeline<float[]> pipeline(ScriptedModel m, EnergyMeter meter, Metering metering) {
    var b = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(meter).ticker(ticker)
        .subtractMeterOverhead(false);
    return (metering == null ? b : b.metering(metering)).build();
  }

  @Test
  void theDefaultTimesACpuTimeMeterWithTheWallClockAndReadsAMeasuringMeterEveryRun() {
    SimulatedMeter rail = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ScriptedModel onCpu = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu).costs(busy(100)).build();
    ScriptedModel onRail = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, rail).costs(busy(100)).build();
    try (var estimated = pipeline(onCpu, cpu, null); var measured = pipeline(onRail, rail, null)) {
      assertThat(estimated.metering().isWallClock()).isTrue();
      assertThat(measured.metering()).isEqualTo(Metering.everyRun());
      for (int i = 0; i < 20; i++) {
        InferenceResult r = measured.run(INPUT);
        assertThat(r.quality()).as("a measuring meter read around every run stays MEASURED").isEqualTo(EnergyQuality.MEASURED);
        InferenceResult e = estimated.run(INPUT);
        assertThat(e.quality()).isEqualTo(EnergyQuality.ESTIMATED);
        assertThat(e.qualityReason()).contains("wall-clock metering");
        assertThat(e.nanojoules()).isEqualTo(700_000);
      }
    }
  }

  @Test
  void eachRunIsChargedItsOwnWallTimeNotTheStagesMeanRun() {
    // a stage whose work depends on its input: 100 µs, then 300 µs, alternating (CPU-bound)
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu)
        .costs(busy(100), busy(300)).build();
    try (var wall = pipeline(m, cpu, Metering.wallClock(8, Duration.ZERO))) {
      for (int i = 0; i < 64; i++) {
        // sampled metering would charge every run the 1.4 mJ mean: half the runs 2x, half 0.67x
        assertThat(wall.run(INPUT).nanojoules()).as("run %d", i).isEqualTo(i % 2 == 0 ? 700_000 : 2_100_000);
      }
      assertThat(wall.ledger().snapshot().total()).isEqualTo(cpu.total());
      assertConserved(wall);
    }
  }

  @Test
  void aPreemptedWindowIsChargedTheStagesUsualWallTimeNotItsOwn() {
    // 100 µs of work per run; every 10th run the thread is preempted for 50 ms inside the window
    Cost[] costs = new Cost[10];
    java.util.Arrays.fill(costs, busy(100));
    costs[9] = Cost.of(Duration.ofMillis(50).plusNanos(100_000), Energy.ofNanojoules(700_000));
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu).costs(costs).build();
    try (var wall = pipeline(m, cpu, Metering.wallClock(16, Duration.ZERO))) {
      for (int i = 0; i < 200; i++) {
        // wall time x 7 W would charge a preempted run 350 mJ, 500x its work
        assertThat(wall.run(INPUT).nanojoules()).as("run %d", i).isBetween(680_000L, 720_000L);
      }
      assertThat((double) wall.ledger().snapshot().total().nanojoules() / cpu.total().nanojoules()).isBetween(0.99, 1.01);
      assertConserved(wall);
    }
  }

  @Test
  void aLongWindowUnderAMillisecondIsChargedItsWallTime() {
    // 100 µs calls; every 10th call's thread ran 500 µs (the vCPU was stolen, which thread CPU time counts):
    // 5x the usual time but under a scheduler slice, so it is charged as measured, not as the usual call
    Cost[] costs = new Cost[10];
    java.util.Arrays.fill(costs, busy(100));
    costs[9] = busy(500);
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu).costs(costs).build();
    try (var wall = pipeline(m, cpu, Metering.wallClock(16, Duration.ZERO))) {
      for (int i = 0; i < 100; i++) {
        assertThat(wall.run(INPUT).nanojoules()).as("run %d", i).isEqualTo(i % 10 == 9 ? 3_500_000 : 700_000);
      }
      assertThat(wall.ledger().snapshot().total()).isEqualTo(cpu.total());
    }
  }

  @Test
  void aBimodalStagesLongRunsAreChargedTheirWorkOnceOneWasMeasuredBusy() {
    // a feature stage that usually returns in 20 µs but every 10th run computes 5 ms of frames: its long
    // windows are work, not descheduling; over 1 ms they were charged the 20 µs median (0.4 % of the work)
    Cost[] costs = new Cost[10];
    java.util.Arrays.fill(costs, busy(20));
    costs[9] = busy(5_000);
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu).costs(costs).build();
    try (var wall = pipeline(m, cpu, Metering.wallClock(4, Duration.ZERO))) {
      for (int i = 0; i < 100; i++) {
        wall.run(INPUT);   // long runs measured busy along the way
      }
      long before = wall.ledger().snapshot().total().nanojoules();
      long cpuBefore = cpu.total().nanojoules();
      for (int i = 100; i < 300; i++) {
        long nj = wall.run(INPUT).nanojoules();
        assertThat(nj).as("run %d", i).isEqualTo(i % 10 == 9 ? 35_000_000L : 140_000L);
      }
      assertThat(wall.ledger().snapshot().total().nanojoules() - before).isEqualTo(cpu.total().nanojoules() - cpuBefore);
    }
  }

  @Test
  void theRateNeverExceedsTheThreadPowerOfACpuTimeMeter() {
    // each measured window also holds 30 µJ of read noise on a 10 µs call (+43 %)
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu).costs(busy(10))
        .build();
    NoisyReads noisy = new NoisyReads(cpu, 30_000);
    try (var wall = pipeline(m, noisy, Metering.wallClock(4, Duration.ZERO))) {
      for (int i = 0; i < 50; i++) {
        assertThat(wall.run(INPUT).nanojoules()).as("run %d", i).isEqualTo(70_000);
      }
    }
  }

  @Test
  void aKStageInferenceReadsTheTickerKPlusOneTimesAndTheMeterOnlyAroundSamples() {
    List<ScriptedModel> segs = ScriptedModel.segments("mlp").classes(2).hiddenSize(8).simulatedOn(ticker, cpu)
        .segment(busy(10), UNSURE).segment(busy(20), UNSURE).segment(busy(40), UNSURE).build();
    CountingTicker counting = new CountingTicker(ticker);
    NoisyReads reads = new NoisyReads(cpu, 0);
    try (var p = TieredInferencePipeline.<float[]>builder()
        .tier(ScriptedModel.tier("mlp", segs, EarlyExitPolicy.maxProbability(0.9)))
        .meter(reads).ticker(counting).metering(Metering.wallClock(1_000_000, Duration.ZERO))
        .subtractMeterOverhead(false).build()) {
      p.run(INPUT);   // every stage's first run is measured
      counting.reads = 0;
      reads.reads = 0;
      for (int i = 0; i < 100; i++) {
        InferenceResult r = p.run(INPUT);
        assertThat(r.nanojoules()).isEqualTo(CORE.overNanos(70_000));
        assertThat(r.latency()).isEqualTo(Duration.ofNanos(70_000));
      }
      assertThat(counting.reads).as("3 stages: 4 ticker reads per inference, not 8").isEqualTo(400);
      assertThat(reads.reads).isZero();
      assertConserved(p);
    }
  }

  @Test
  void aMeasuringMeterUnderWallClockMeteringIsNeverLabelledMeasured() {
    SimulatedMeter rail = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, rail).costs(busy(100)).build();
    try (var wall = pipeline(m, rail, Metering.wallClock(4, Duration.ofMillis(1)))) {
      for (int i = 0; i < 20; i++) {
        InferenceResult r = wall.run(INPUT);
        assertThat(r.quality()).as("run %d", i).isEqualTo(EnergyQuality.ESTIMATED);
        assertThat(r.nanojoules()).isEqualTo(700_000);
      }
    }
  }

  @Test
  void aMeterThatStopsCountingKeepsTheLastRateAndSaysWhy() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE).simulatedOn(ticker, cpu).costs(busy(100)).build();
    try (var wall = pipeline(m, cpu, Metering.wallClock(4, Duration.ZERO))) {
      for (int i = 0; i < 10; i++) {
        wall.run(INPUT);
      }
      cpu.stopCounting("clock disabled");
      InferenceResult r = null;
      for (int i = 0; i < 20; i++) {
        r = wall.run(INPUT);
        assertThat(r.nanojoules()).isEqualTo(700_000);
      }
      assertThat(r.qualityReason()).contains("stopped counting");
    }
  }

  /** Counts ticker reads. */
  private static final class CountingTicker implements Ticker {
    private final Ticker inner;
    long reads;

    CountingTicker(Ticker inner) {
      this.inner = inner;
    }

    @Override
    public long read() {
      reads++;
      return inner.read();
    }
  }

  /** A thread CPU-time meter whose reads add {@code noise} nJ each (odd reads only) and are counted. */
  private static final class NoisyReads implements EnergyMeter {
    private final SimulatedMeter inner;
    private final long noise;
    private long extra;
    long reads;

    NoisyReads(SimulatedMeter inner, long noise) {
      this.inner = inner;
      this.noise = noise;
    }

    @Override
    public long readNanojoules() {
      if (++reads % 3 == 0) {
        extra += noise;   // the read that closes a sampled window (cost read, open, close)
      }
      return inner.readNanojoules() + extra;
    }

    @Override
    public long threadCpuMicrowatts() {
      return inner.threadCpuMicrowatts();
    }

    @Override
    public String name() {
      return "noisy";
    }

    @Override
    public io.edgeenergy.energy.EnergyDomain domain() {
      return inner.domain();
    }

    @Override
    public EnergyQuality quality() {
      return EnergyQuality.ESTIMATED;
    }

    @Override
    public io.edgeenergy.Availability availability() {
      return inner.availability();
    }

    @Override
    public String description() {
      return "noisy reads";
    }

    @Override
    public Ticker ticker() {
      return inner.ticker();
    }
  }
}
