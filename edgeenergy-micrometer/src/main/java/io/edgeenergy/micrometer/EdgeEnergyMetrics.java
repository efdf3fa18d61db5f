package io.edgeenergy.micrometer;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyLedger;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer {@link MeterBinder} for edgeenergy: what a pipeline's ledger charged (joules per tier and
 * model, inferences, stop reasons), what its budgets have left, and whether its meters still count.
 * Every energy series carries the {@code meter} that produced it and the figures' {@code quality}
 * ({@code MEASURED}/{@code ESTIMATED}) as tags, so a fleet dashboard never mixes the two unseen.
 *
 * <pre>{@code
 * EdgeEnergyMetrics.builder().pipeline("digits", pipeline).budget(budget).build().bindTo(registry);
 * }</pre>
 *
 * <p>Meters (Prometheus names after Micrometer's conversion; see {@link MetricNames}):
 * <ul>
 *   <li>{@code edgeenergy.inference.energy} (function counter, joules; tags pipeline, tier, model,
 *       meter, quality): the ledger's charge for each model.
 *   <li>{@code edgeenergy.stage.runs} (function counter; tags pipeline, tier, model): model calls.
 *   <li>{@code edgeenergy.inferences} (function counter; tags pipeline, reason): inferences by
 *       {@link StopReason}.
 *   <li>{@code edgeenergy.budget.remaining} (joules), {@code edgeenergy.budget.pressure} (0..1),
 *       {@code edgeenergy.budget.lifetime.projected} (time gauge): NaN when the budget has no battery.
 *   <li>{@code edgeenergy.meter.anomalies} (function counter; tags pipeline, meter, quality): metered windows
 *       the pipeline could not trust ({@link TieredInferencePipeline#meterAnomalies()}: a counter that went
 *       backwards, a read that threw); each was charged from the stage's power so far and labelled ESTIMATED.
 *   <li>{@code edgeenergy.meter.available} (1 counting, 0 stopped; tags meter, quality, domain): a meter
 *       that stopped counting is the anomaly a fleet most needs to see, since its figures go flat.
 *   <li>{@code hw.energy} (function counter, joules; OpenTelemetry hardware conventions, tags
 *       {@code hw.id}, {@code hw.type}, {@code hw.name}, quality): the counter of a hardware meter
 *       (RAPL, hwmon, PMIC, NVML, battery), which reads the same from any thread. The CPU-time
 *       estimator is left out: it counts the <em>calling</em> thread, which here would be the scraper.
 * </ul>
 *
 * <p>Cost: nothing on the inference path. Each scrape takes one ledger snapshot per counter (small:
 * one entry per model); a snapshot taken while the pipeline runs may be torn by one inference, which
 * the next scrape corrects. The quality tag is fixed at bind time: the meter's quality, or ESTIMATED
 * when the pipeline samples its meter ({@code Metering.sampled(n)}, n > 1) and extrapolates the rest.
 */
public final class EdgeEnergyMetrics implements MeterBinder {
  private final List<PipelineSource> pipelines;
  private final List<EnergyBudget> budgets;
  private final List<EnergyMeter> meters;

  private EdgeEnergyMetrics(Builder b) {
    this.pipelines = List.copyOf(b.pipelines);
    this.budgets = List.copyOf(b.budgets);
    this.meters = List.copyOf(b.meters);
  }

  /** A binder with nothing bound yet. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    pipelines.forEach(p -> bindLedger(registry, p));
    budgets.forEach(b -> bindBudget(registry, b));
    meters.forEach(m -> bindMeter(registry, m));
  }

  private static void bindLedger(MeterRegistry registry, PipelineSource p) {
    EnergyLedger ledger = p.ledger();
    var shape = ledger.snapshot().tiers();
    for (int t = 0; t < shape.size(); t++) {
      for (int s = 0; s < shape.get(t).stages().size(); s++) {
        int tier = t;
        int stage = s;
        Tags tags = Tags.of("pipeline", p.name(), "tier", shape.get(t).name(), "model",
            shape.get(t).stages().get(s).model());
        FunctionCounter.builder(MetricNames.ENERGY, ledger,
                l -> l.snapshot().tiers().get(tier).stages().get(stage).energy().toJoules())
            .tags(tags).tags("meter", p.meterName(), "quality", p.quality().name())
            .baseUnit(MetricNames.JOULES).description("energy charged to this model by the ledger")
            .register(registry);
        FunctionCounter.builder(MetricNames.STAGE_RUNS, ledger,
                l -> l.snapshot().tiers().get(tier).stages().get(stage).runs())
            .tags(tags).description("calls of this model").register(registry);
      }
    }
    for (StopReason reason : StopReason.values()) {
      FunctionCounter.builder(MetricNames.INFERENCES, ledger, l -> StopCounts.of(l.snapshot()).get(reason))
          .tags("pipeline", p.name(), "reason", reason.name()).description("inferences by why they stopped")
          .register(registry);
    }
    if (p.pipeline() != null) {
      // the pipeline itself is the counter's object: Micrometer holds it weakly, like every function counter
      FunctionCounter.builder(MetricNames.METER_ANOMALIES, p.pipeline(), TieredInferencePipeline::meterAnomalies)
          .tags("pipeline", p.name(), "meter", p.meterName(), "quality", p.quality().name())
          .description("metered windows that could not be trusted (charged from the stage's power, ESTIMATED)")
          .register(registry);
    }
  }

  private static void bindBudget(MeterRegistry registry, EnergyBudget budget) {
    Tags tags = Tags.of("budget", budget.name());
    Gauge.builder(MetricNames.BUDGET_REMAINING, budget,
            b -> b.batteryRemaining().map(e -> e.toJoules()).orElse(Double.NaN))
        .tags(tags).baseUnit(MetricNames.JOULES).description("battery energy left in the budget").register(registry);
    Gauge.builder(MetricNames.BUDGET_PRESSURE, budget, EnergyBudget::pressure)
        .tags(tags).description("0 = no pressure, 1 = exhausted or far behind target").register(registry);
    TimeGauge.builder(MetricNames.BUDGET_LIFETIME, budget, TimeUnit.SECONDS,
            b -> b.projectedLifetime().map(d -> d.toMillis() / 1e3).orElse(Double.NaN))
        .tags(tags).description("battery lifetime projected at the recent spending rate").register(registry);
  }

  private static void bindMeter(MeterRegistry registry, EnergyMeter meter) {
    Gauge.builder(MetricNames.METER_AVAILABLE, meter, m -> m.isCounting() ? 1 : 0)
        .tags("meter", meter.name(), "quality", meter.quality().name(), "domain", meter.domain().name())
        .description("1 while the meter counts, 0 once it stopped (its figures no longer grow)")
        .register(registry);
    if (meter.domain() != EnergyDomain.CPU) {
      FunctionCounter.builder(MetricNames.HW_ENERGY, meter, m -> m.readNanojoules() / 1e9)
          .tags("hw.id", meter.name(), "hw.type", MetricNames.hwType(meter.domain()), "hw.name", meter.description(),
              "quality", meter.quality().name())
          .baseUnit(MetricNames.JOULES).description("energy consumed by the component").register(registry);
    }
  }

  /**
   * What the binder needs of a pipeline: its ledger, the meter's name, the figures' quality, and the
   * pipeline for its anomaly count ({@code null} for a ledger kept outside a pipeline).
   */
  private record PipelineSource(String name, EnergyLedger ledger, String meterName, EnergyQuality quality,
      TieredInferencePipeline<?> pipeline) {}

  /** Collects what to bind; {@link #build()} makes the binder. */
  public static final class Builder {
    private final List<PipelineSource> pipelines = new ArrayList<>();
    private final List<EnergyBudget> budgets = new ArrayList<>();
    private final List<EnergyMeter> meters = new ArrayList<>();

    private Builder() {}

    /**
     * The pipeline's ledger under {@code name} (a tag), its meter anomalies, and its meter's availability.
     * The quality tag is the meter's, or ESTIMATED when the pipeline samples its meter.
     */
    public Builder pipeline(String name, TieredInferencePipeline<?> pipeline) {
      Objects.requireNonNull(pipeline, "pipeline");
      EnergyMeter m = pipeline.meter();
      EnergyQuality q = pipeline.metering().isSampled() ? EnergyQuality.ESTIMATED : m.quality();
      pipelines.add(new PipelineSource(Objects.requireNonNull(name, "name"), pipeline.ledger(), m.name(), q, pipeline));
      if (!meters.contains(m)) {
        meters.add(m);
      }
      return this;
    }

    /** A ledger kept outside a pipeline, charged from a meter named {@code meterName} with {@code quality}. */
    public Builder ledger(String name, EnergyLedger ledger, String meterName, EnergyQuality quality) {
      pipelines.add(new PipelineSource(Objects.requireNonNull(name, "name"), Objects.requireNonNull(ledger, "ledger"),
          Objects.requireNonNull(meterName, "meterName"), Objects.requireNonNull(quality, "quality"), null));
      return this;
    }

    /** Gauges for a budget, tagged with its {@linkplain EnergyBudget#name() name}. */
    public Builder budget(EnergyBudget budget) {
      budgets.add(Objects.requireNonNull(budget, "budget"));
      return this;
    }

    /** A meter's availability and, for a hardware meter, its counter as {@code hw.energy}. */
    public Builder meter(EnergyMeter meter) {
      if (!meters.contains(Objects.requireNonNull(meter, "meter"))) {
        meters.add(meter);
      }
      return this;
    }

    /** The binder; bind it to as many registries as you like. */
    public EdgeEnergyMetrics build() {
      return new EdgeEnergyMetrics(this);
    }
  }
}
