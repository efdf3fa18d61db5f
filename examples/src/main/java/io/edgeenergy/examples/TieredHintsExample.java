package io.edgeenergy.examples;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.TargetLatencyController;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.runtime.hints.LinuxPerformanceHints;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.thermal.ThermalMonitor;
import io.edgeenergy.runtime.thermal.ZoneReading;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The digits cascade with per-tier performance hints and thermal headroom: the always-on logistic
 * regression runs at {@link HintLevel#LOW}, the MLP under a 1 ms target latency (the pipeline picks
 * the lowest hint level that meets it), and the gate treats a device close to throttling like a tight
 * budget. Prints the thermal zones, what each tier ran under, and the MLP's joules per run at each
 * level the latency loop tried. The permissions the hints need on Jetson and Raspberry Pi are in
 * {@link DvfsHintsExample}; where nothing applies (a VM) every level costs the same, and it says so.
 *
 * <p>Run: {@code java -cp ... io.edgeenergy.examples.TieredHintsExample models/digits}
 */
public final class TieredHintsExample {
  private TieredHintsExample() {}

  public static void main(String[] args) throws IOException {
    Path models = Path.of(args.length > 0 ? args[0] : "models/digits");
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    DigitsCascadeExample.readDigits(models.resolve("digits.csv.gz"), images, labels);
    ThermalMonitor thermal = ThermalMonitor.builder()
        .throttleAt("cpu-thermal", 80).throttleAt("bcm2835_thermal", 80)   // Raspberry Pi firmware: 80 °C
        .build();
    System.out.println("Thermal headroom (1.0 = throttling): " + thermal.headroom());
    for (ZoneReading r : thermal.readings()) {
      System.out.println("  " + r.zone().name() + " " + r.zone().type() + ": " + r.celsius() + " °C, headroom "
          + r.headroom() + (r.problem().isEmpty() ? "" : " (" + r.problem() + ")"));
    }
    LinuxPerformanceHints hints = LinuxPerformanceHints.detect();
    // the caller owns what detect() opens: closing the meter stops its sampler thread (RAPL, hwmon...)
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Model tiny = InferenceBackends.load(models.resolve("digits_tiny_logreg.onnx"));
         Model big = InferenceBackends.load(models.resolve("digits_big_mlp.onnx"));
         var pipeline = TieredInferencePipeline.<float[]>builder()
             .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats())
                 .scores(ScoreReader.probabilities("probs")).hint(HintLevel.LOW).build())
             .gate(GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.90, 0.70))
             .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats())
                 .scores(ScoreReader.probabilities("probs")).targetLatency(Duration.ofMillis(1)).build())
             .hints(hints)
             .thermal(thermal)
             .meter(meter)
             .build()) {
      int correct = 0;
      boolean anyApplied = false;
      for (int i = 0; i < images.size(); i++) {
        InferenceResult r = pipeline.run(images.get(i));
        correct += r.top1() == labels.get(i) ? 1 : 0;
        anyApplied |= r.hintApplied(0) || r.hintApplied(r.tier());
      }
      System.out.printf("%d images, %.2f %% correct, %.1f %% escalated%n", images.size(),
          100.0 * correct / images.size(), 100 * pipeline.ledger().snapshot().reachedRate(1));
      TargetLatencyController loop = pipeline.latencyController(1);
      System.out.println("big tier: " + loop + ", " + loop.levelChanges() + " level changes");
      for (TargetLatencyController.LevelStats s : loop.stats()) {
        System.out.println("  " + s.level() + ": " + s.runs() + " runs, " + s.misses() + " misses, mean "
            + s.meanLatency().toNanos() / 1e3 + " µs, " + s.meanEnergy() + " per run");
      }
      System.out.println(anyApplied ? "Hints applied: the levels' joules per run above differ by their clocks."
          : "No hint applied on this device: the levels differ only by noise.");
    }
  }
}
