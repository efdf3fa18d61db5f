package io.edgeenergy.bench;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
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
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How far sampled metering ({@code Metering.sampled(n)}: the meter read around 1 run in n, the rest
 * charged wall time × the sampled joules per nanosecond) is from reading the meter around every run
 * (the pipeline's default), on the digits cascade (tiny → big at max probability 0.9) with the
 * detected meter.
 *
 * <p>Three pipelines over the same model files, fed the same 1,797 digits in the same order, in
 * blocks of 256 inputs run by each in turn (so all see the same machine phases): every run, sampled,
 * and one that never reads the meter after each stage's first run, whose thread CPU time is read
 * around each block: what the cascade costs when nobody measures it (the pipeline's own work
 * included). Reports joules per inference of each, overall and per tier reached, and the mean
 * |per-inference difference| of sampled vs every run. Usage, from the
 * repository root: {@code java -cp edgeenergy-bench/target/benchmarks.jar
 * io.edgeenergy.bench.MeteringErrorCheck [onnx|tflite] [passes] [n] [interval-ms] [warm-up passes]}.
 */
public final class MeteringErrorCheck {
  /** Inputs per block; the unmetered pipeline's CPU time is read around each block. */
  private static final int BLOCK = 256;

  private MeteringErrorCheck() {}

  public static void main(String[] args) throws IOException {
    String ext = args.length > 0 ? args[0] : "onnx";
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int period = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 0;
    // the sampled path runs once in n calls: the JIT compiles it only after ~10^5 inferences, and
    // until then its windows hold interpreted code (4.5x the unmetered cost in the first 51,200)
    int warmupPasses = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    List<float[]> digits = digits(BenchModels.dir().resolve("digits.csv.gz"));
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Cascade every = new Cascade(ext, meter, Metering.everyRun());
         Cascade sampled = new Cascade(ext, meter, Metering.sampled(period, Duration.ofMillis(intervalMs)));
         Cascade unmetered = new Cascade(ext, meter, Metering.sampled(Integer.MAX_VALUE))) {
      for (int w = 0; w < warmupPasses; w++) { // warm-up passes, not counted
        for (float[] x : digits) {
          every.pipeline.run(x);
          sampled.pipeline.run(x);
          unmetered.pipeline.run(x);
        }
      }
      double[] sumEvery = new double[2];
      double[] sumSampled = new double[2];
      long[] count = new long[2];
      double absDiff = 0;
      double truth = 0;
      for (int p = 0; p < passes; p++) {
        // blocks of BLOCK inputs, each through the three pipelines in turn, so all see the same machine phases
        for (int from = 0; from < digits.size(); from += BLOCK) {
          List<float[]> block = digits.subList(from, Math.min(digits.size(), from + BLOCK));
          int[] tiers = new int[block.size()];
          double[] ea = new double[block.size()];
          for (int i = 0; i < tiers.length; i++) {
            InferenceResult a = every.pipeline.run(block.get(i));
            ea[i] = a.nanojoules();
            tiers[i] = a.tier();
          }
          for (int i = 0; i < tiers.length; i++) {
            double eb = sampled.pipeline.run(block.get(i)).nanojoules();
            sumEvery[tiers[i]] += ea[i];
            sumSampled[tiers[i]] += eb;
            count[tiers[i]]++;
            absDiff += Math.abs(eb - ea[i]);
          }
          long t0 = meter.readNanojoules();
          for (float[] x : block) {
            unmetered.pipeline.run(x);
          }
          truth += meter.readNanojoules() - t0 - every.pipeline.meterOverheadNanojoules();
        }
      }
      long n = count[0] + count[1];
      double totalEvery = sumEvery[0] + sumEvery[1];
      double totalSampled = sumSampled[0] + sumSampled[1];
      System.out.printf(Locale.ROOT, "backend %s, meter %s, %d inferences (%d passes x %d digits, after %d warm-up"
          + " passes); sampled = %s; read overhead subtracted per window: %d nJ%n", ext, meter.name(), n, passes,
          digits.size(), warmupPasses, sampled.pipeline.metering(), every.pipeline.meterOverheadNanojoules());
      System.out.printf(Locale.ROOT, "all        every run %8.3f µJ/inf   sampled %8.3f µJ/inf   ratio %.4f"
          + "   unmetered (thread CPU over blocks of %d) %8.3f µJ/inf%n",
          totalEvery / n / 1e3, totalSampled / n / 1e3, totalSampled / totalEvery, BLOCK, truth / n / 1e3);
      for (int t = 0; t < 2; t++) {
        System.out.printf(Locale.ROOT, "tier %d     every run %8.3f µJ/inf   sampled %8.3f µJ/inf   ratio %.4f   (%d inferences stopped here)%n",
            t, sumEvery[t] / count[t] / 1e3, sumSampled[t] / count[t] / 1e3, sumSampled[t] / sumEvery[t], count[t]);
      }
      System.out.printf(Locale.ROOT, "mean |sampled - every run| per inference: %.1f %% of the every-run mean%n",
          100 * absDiff / totalEvery);
    }
  }

  /** The 1,797 digits of models/digits/digits.csv.gz as pixel / 16 (the label column dropped). */
  static List<float[]> digits(Path csv) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(csv)), StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] cells = line.split(",");
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) {
          x[i] = Float.parseFloat(cells[i]) / 16f;
        }
        rows.add(x);
      }
    }
    return rows;
  }

  /** The digits cascade on its own model instances. */
  private static final class Cascade implements AutoCloseable {
    final Model tiny;
    final Model big;
    final TieredInferencePipeline<float[]> pipeline;

    Cascade(String ext, EnergyMeter meter, Metering metering) {
      tiny = InferenceBackends.load(BenchModels.dir().resolve("digits_tiny_logreg." + ext), ModelOptions.defaults());
      big = InferenceBackends.load(BenchModels.dir().resolve("digits_big_mlp." + ext), ModelOptions.defaults());
      var b = TieredInferencePipeline.<float[]>builder()
          .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats())
              .scores(ScoreReader.probabilities("probs")).build())
          .gate(GatePolicy.maxProbability(0.9))
          .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats())
              .scores(ScoreReader.probabilities("probs")).build())
          .meter(meter).metering(metering);
      pipeline = b.build();
    }

    @Override
    public void close() {
      pipeline.close();
      big.close();
      tiny.close();
    }
  }
}
