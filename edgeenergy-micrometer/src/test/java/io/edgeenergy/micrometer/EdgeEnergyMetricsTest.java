package io.edgeenergy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.ScriptedModel;
import io.edgeenergy.testkit.SimulatedMeter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Binds a scripted cascade to a Prometheus registry and reads the scrape text a server would send. */
class EdgeEnergyMetricsTest {
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.builder(ticker).name("rapl:package-0")
      .domain(EnergyDomain.PACKAGE).quality(EnergyQuality.MEASURED).build();

  /** Tiny is sure on even inputs (x[0] even), unsure on odd ones, which escalate. */
  private TieredInferencePipeline<float[]> cascade(Metering metering, EnergyBudget budget) {
    ScriptedModel tiny = ScriptedModel.builder("tiny-logreg").classes(2)
        .function(x -> ((int) x[0]) % 2 == 0 ? new float[] {0.95f, 0.05f} : new float[] {0.6f, 0.4f})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
    ScriptedModel big = ScriptedModel.builder("big-mlp").classes(2).function(x -> new float[] {0.1f, 0.9f})
        .cost(Duration.ofMillis(5), Energy.ofMicrojoules(100), ticker, meter).build();
    var b = TieredInferencePipeline.<float[]>builder().tier(tiny.tier()).gate(GatePolicy.maxProbability(0.9))
        .tier(big.tier()).meter(meter).ticker(ticker).metering(metering).subtractMeterOverhead(false);
    return (budget == null ? b : b.budget(budget)).build();
  }

  private static void run(TieredInferencePipeline<float[]> p, int n) {
    for (int i = 0; i < n; i++) {
      float[] x = new float[64];
      x[0] = i;
      p.run(x);
    }
  }

  @Test
  void scrapeShowsTheLedgersJoulesPerModelWithMeterAndQualityTags() {
    EnergyBudget budget = EnergyBudget.builder().name("battery").ticker(ticker)
        .battery(Energy.ofJoules(10), Duration.ofDays(1)).build();
    try (var pipeline = cascade(Metering.everyRun(), budget)) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      EdgeEnergyMetrics.builder().pipeline("digits", pipeline).budget(budget).build().bindTo(registry);
      run(pipeline, 10);
      LedgerSnapshot s = pipeline.ledger().snapshot();
      String scrape = registry.scrape();

      assertThat(Scrape.value(scrape, "edgeenergy_inference_energy_joules_total", "model=\"tiny-logreg\"",
          "meter=\"rapl:package-0\"", "quality=\"MEASURED\"", "tier=\"tiny-logreg\""))
          .isEqualTo(s.tiers().get(0).energy().toJoules()).isEqualTo(10 * 10e-6, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(Scrape.value(scrape, "edgeenergy_inference_energy_joules_total", "model=\"big-mlp\"",
          "quality=\"MEASURED\""))
          .isEqualTo(s.tiers().get(1).energy().toJoules());
      assertThat(Scrape.value(scrape, "edgeenergy_stage_runs_total", "model=\"big-mlp\"")).isEqualTo(5);
      assertThat(Scrape.value(scrape, "edgeenergy_inferences_total", "reason=\"ACCEPTED\"")).isEqualTo(5);
      assertThat(Scrape.value(scrape, "edgeenergy_inferences_total", "reason=\"FINAL_TIER\"")).isEqualTo(5);
      assertThat(Scrape.value(scrape, "edgeenergy_inferences_total", "reason=\"EARLY_EXIT\"")).isZero();
      assertThat(Scrape.value(scrape, "edgeenergy_budget_remaining_joules", "budget=\"battery\""))
          .isEqualTo(budget.batteryRemaining().orElseThrow().toJoules());
      assertThat(Scrape.value(scrape, "edgeenergy_budget_pressure", "budget=\"battery\""))
          .isEqualTo(budget.pressure());
      // the hardware meter's own counter, named after the OpenTelemetry hardware conventions
      assertThat(Scrape.value(scrape, "hw_energy_joules_total", "hw_id=\"rapl:package-0\"", "hw_type=\"cpu\""))
          .isEqualTo(meter.readNanojoules() / 1e9);
      assertThat(Scrape.value(scrape, "edgeenergy_meter_available", "meter=\"rapl:package-0\"")).isEqualTo(1);
    }
  }

  @Test
  void aSampledPipelinesFiguresAreTaggedEstimatedEvenOnAMeasuredMeter() {
    try (var pipeline = cascade(Metering.sampled(4), null)) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      EdgeEnergyMetrics.builder().pipeline("digits", pipeline).build().bindTo(registry);
      run(pipeline, 12);
      String scrape = registry.scrape();
      assertThat(pipeline.ledger().snapshot().quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(Scrape.value(scrape, "edgeenergy_inference_energy_joules_total", "model=\"tiny-logreg\"",
          "quality=\"ESTIMATED\"")).isEqualTo(pipeline.ledger().snapshot().tiers().get(0).energy().toJoules());
      assertThat(scrape).doesNotContain("quality=\"MEASURED\",tier");
    }
  }

  @Test
  void meterAnomaliesAreExportedAsTheyHappenTaggedLikeTheJoules() {
    GlitchingMeter glitchy = new GlitchingMeter(meter);
    ScriptedModel tiny = ScriptedModel.builder("tiny-logreg").classes(2).function(x -> new float[] {0.95f, 0.05f})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
    try (var pipeline = TieredInferencePipeline.<float[]>builder().tier(tiny.tier()).meter(glitchy).ticker(ticker)
        .subtractMeterOverhead(false).build()) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      EdgeEnergyMetrics.builder().pipeline("kws", pipeline).build().bindTo(registry);
      run(pipeline, 3);
      assertThat(Scrape.value(registry.scrape(), "edgeenergy_meter_anomalies_total", "pipeline=\"kws\"",
          "meter=\"rapl:package-0\"", "quality=\"MEASURED\"")).isZero();
      glitchy.backwardsAtEndOfNextWindow();   // the counter reads lower than the window's start: impossible
      run(pipeline, 1);
      glitchy.backwardsAtEndOfNextWindow();
      run(pipeline, 2);
      assertThat(pipeline.meterAnomalies()).isEqualTo(2);
      assertThat(Scrape.value(registry.scrape(), "edgeenergy_meter_anomalies_total", "pipeline=\"kws\"",
          "meter=\"rapl:package-0\"")).isEqualTo(2);
    }
  }

  /**
   * A real simulated counter whose reading can be made to go backwards once, as a glitching sensor does.
   * A one-stage pipeline reads it twice per inference (window start, window end): the glitch hits the end.
   */
  private static final class GlitchingMeter implements io.edgeenergy.energy.EnergyMeter {
    private final SimulatedMeter real;
    private int readsUntilGlitch = -1;

    GlitchingMeter(SimulatedMeter real) {
      this.real = real;
    }

    void backwardsAtEndOfNextWindow() {
      readsUntilGlitch = 2;
    }

    @Override
    public long readNanojoules() {
      long v = real.readNanojoules();
      return --readsUntilGlitch == 0 ? v - 1_000_000 : v;
    }

    @Override public String name() { return real.name(); }
    @Override public EnergyDomain domain() { return real.domain(); }
    @Override public EnergyQuality quality() { return real.quality(); }
    @Override public io.edgeenergy.Availability availability() { return real.availability(); }
    @Override public String description() { return real.description(); }
    @Override public io.edgeenergy.Ticker ticker() { return real.ticker(); }
  }

  @Test
  void aMeterThatStoppedCountingShowsZeroAvailability() {
    SimulatedMeter dead = SimulatedMeter.unavailable(ticker, "hwmon3 vanished");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EdgeEnergyMetrics.builder().meter(dead).build().bindTo(registry);
    assertThat(Scrape.value(registry.scrape(), "edgeenergy_meter_available", "meter=\"" + dead.name() + "\""))
        .isZero();
  }
}
