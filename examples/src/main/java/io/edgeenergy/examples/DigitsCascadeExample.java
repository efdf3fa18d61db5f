package io.edgeenergy.examples;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.runtime.meter.EnergyMeters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A confidence cascade on handwritten digits with a battery budget: a logistic regression answers
 * when it is sure, the MLP when it is not, and the gate accepts less sure answers as the battery
 * falls behind its 30-day target. This is the README's usage example.
 *
 * <p>Run: {@code mvn -q -pl examples -am install -DskipTests && java -cp ... DigitsCascadeExample models/digits}
 */
public final class DigitsCascadeExample {
  private DigitsCascadeExample() {}

  public static void main(String[] args) throws IOException {
    Path models = Path.of(args.length > 0 ? args[0] : "models/digits");
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    readDigits(models.resolve("digits.csv.gz"), images, labels);
    int correct = 0;
    EnergyBudget budget = EnergyBudget.builder()
        .battery(Energy.ofJoules(10_000), Duration.ofDays(30))     // must last a month
        .perInferenceCap(Energy.ofMillijoules(5))                  // no single inference above 5 mJ
        .build();
    // the caller owns what detect() opens: closing the meter stops its sampler thread (RAPL, hwmon...)
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Model tiny = InferenceBackends.load(models.resolve("digits_tiny_logreg.onnx"));
         Model big = InferenceBackends.load(models.resolve("digits_big_mlp.onnx"));
         var pipeline = TieredInferencePipeline.<float[]>builder()
             .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats())
                 .scores(ScoreReader.probabilities("probs")).build())
             .gate(GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.90, 0.70)) // relax under pressure
             .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats())
                 .scores(ScoreReader.probabilities("probs")).build())
             .meter(meter)                                         // RAPL, hwmon... or the estimator
             .budget(budget)
             .build()) {
      for (int i = 0; i < images.size(); i++) {
        InferenceResult r = pipeline.run(images.get(i));
        correct += r.top1() == labels.get(i) ? 1 : 0;
      }
      var ledger = pipeline.ledger().snapshot();
      System.out.printf("%d images, %.2f %% correct, %.1f %% escalated to the big model%n", images.size(),
          100.0 * correct / images.size(), 100 * ledger.reachedRate(1));
      System.out.println("mean energy per inference: " + ledger.meanPerInference() + " (" + ledger.quality() + ")");
      System.out.println("budget: " + budget);
    }
  }

  /** Reads the digits CSV (64 pixels 0..16, then the label) and scales pixels to [0, 1]. */
  static void readDigits(Path csvGz, List<float[]> images, List<Integer> labels) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cells = line.split(",");
        float[] x = new float[cells.length - 1];
        for (int i = 0; i < x.length; i++) {
          x[i] = Float.parseFloat(cells[i]) / 16f;
        }
        images.add(x);
        labels.add(Integer.parseInt(cells[x.length]));
      }
    }
  }
}
