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
 * How far the default metering ({@link Metering#defaults()}: wall-clock windows × each stage's measured
 * energy per ns, with the CPU-time estimator) and sampled metering ({@code Metering.sampled(n,
 * interval)}) are from reading the meter around every run, and all three from an independent truth, on
 * the digits cascade (tiny → big at max probability 0.9) with the detected meter.
 *
 * <p>Every-run metering is no ground truth on µs stages: its reads land inside the windows (their cost
 * is subtracted as calibrated, and they pollute the caches the call runs in). The truth here is the
 * thread's CPU time read once around a block of back-to-back inferences of pipelines that never read
 * the meter after each stage's first run: the cascade itself (pipeline work included) and, per model,
 * a one-stage pipeline of the tiny and of the big model alone, which gives each tier's truth (an
 * input that stops at the big tier ran both models). Five metered and unmetered pipelines over
 * separate model instances see the same 1,797 digits in the same order, in blocks of 256 inputs run by
 * each in turn (so all see the same machine phases). Usage, from the repository root: {@code java -cp
 * edgeenergy-bench/target/benchmarks.jar io.edgeenergy.bench.MeteringErrorCheck [onnx|tflite] [passes]
 * [n] [interval-ms] [warm-up passes]} (sampled metering with n and interval).
 */
public final class MeteringErrorCheck {
  /** Inputs per block; the unmetered pipelines' CPU time is read around each block. */
  private static final int BLOCK = 256;
  /** Metered pipelines: every run, default, sampled. */
  private static final String[] MODES = {"every run", "default", "sampled"};
  private static final String TINY = "tiny";
  private static final String BIG = "big";

  private MeteringErrorCheck() {}

  public static void main(String[] args) throws IOException {
    String ext = args.length > 0 ? args[0] : "onnx";
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int period = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 0;
    // a path taken once in n calls is JIT-compiled only after ~10^5 inferences: until then its
    // windows hold interpreted code (sampled metering charged 4.5x the unmetered cost in the first 51,200)
    int warmupPasses = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    List<float[]> digits = digits(BenchModels.dir().resolve("digits.csv.gz"));
    Metering off = Metering.sampled(Integer.MAX_VALUE);
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Cascade every = new Cascade(ext, meter, Metering.everyRun(), TINY, BIG);
         Cascade byDefault = new Cascade(ext, meter, Metering.defaults(), TINY, BIG);
         Cascade sampled = new Cascade(ext, meter, Metering.sampled(period, Duration.ofMillis(intervalMs)), TINY, BIG);
         Cascade unmetered = new Cascade(ext, meter, off, TINY, BIG);
         Cascade tinyAlone = new Cascade(ext, meter, off, TINY);
         Cascade bigAlone = new Cascade(ext, meter, off, BIG)) {
      Cascade[] metered = {every, byDefault, sampled};
      for (int w = 0; w < warmupPasses; w++) { // warm-up passes, not counted
        for (float[] x : digits) {
          for (Cascade c : metered) {
            c.pipeline.run(x);
          }
          unmetered.pipeline.run(x);
          tinyAlone.pipeline.run(x);
          bigAlone.pipeline.run(x);
        }
      }
      double[][] sum = new double[MODES.length][2];
      double[] absDiff = new double[MODES.length];
      long[] count = new long[2];
      double truth = 0;
      double tinyTruth = 0;
      double bigTruth = 0;
      long overhead = every.pipeline.meterOverheadNanojoules();
      for (int p = 0; p < passes; p++) {
        // blocks of BLOCK inputs, each through every pipeline in turn, so all see the same machine phases
        for (int from = 0; from < digits.size(); from += BLOCK) {
          List<float[]> block = digits.subList(from, Math.min(digits.size(), from + BLOCK));
          int[] tiers = new int[block.size()];
          double[][] e = new double[MODES.length][block.size()];
          for (int m = 0; m < MODES.length; m++) {
            for (int i = 0; i < tiers.length; i++) {
              InferenceResult r = metered[m].pipeline.run(block.get(i));
              e[m][i] = r.nanojoules();
              if (m == 0) {
                tiers[i] = r.tier();
              }
            }
          }
          for (int i = 0; i < tiers.length; i++) {
            count[tiers[i]]++;
            for (int m = 0; m < MODES.length; m++) {
              sum[m][tiers[i]] += e[m][i];
              absDiff[m] += Math.abs(e[m][i] - e[0][i]);
            }
          }
          truth += block(meter, unmetered, block) - overhead;
          tinyTruth += block(meter, tinyAlone, block) - overhead;
          bigTruth += block(meter, bigAlone, block) - overhead;
        }
      }
      long n = count[0] + count[1];
      double tiny = tinyTruth / n;
      double big = bigTruth / n;
      double[] tierTruth = {tiny, tiny + big};
      double cascadeTruth = truth / n;
      System.out.printf(Locale.ROOT, "backend %s, meter %s, %d inferences (%d passes x %d digits, after %d warm-up"
          + " passes); default = %s; sampled = %s; read overhead subtracted per window: %d nJ%n", ext, meter.name(), n,
          passes, digits.size(), warmupPasses, byDefault.pipeline.metering(), sampled.pipeline.metering(), overhead);
      System.out.printf(Locale.ROOT, "truth (thread CPU over blocks of %d, no meter reads): cascade %.3f µJ/inf;"
          + " tiny model alone %.3f, big model alone %.3f µJ/inf%n", BLOCK, cascadeTruth / 1e3, tiny / 1e3, big / 1e3);
      System.out.printf(Locale.ROOT, "%-10s %10s %10s %10s %10s | %-22s | %-22s%n", "µJ/inf", "every run", "default",
          "sampled", "truth", "default / every run", "default, every / truth");
      row("all", n, (tierTruth[0] * count[0] + tierTruth[1] * count[1]) / n, sum[0][0] + sum[0][1],
          sum[1][0] + sum[1][1], sum[2][0] + sum[2][1]);
      for (int t = 0; t < 2; t++) {
        row("tier " + t, count[t], tierTruth[t], sum[0][t], sum[1][t], sum[2][t]);
      }
      for (int m = 1; m < MODES.length; m++) {
        System.out.printf(Locale.ROOT, "mean |%s - every run| per inference: %.1f %% of the every-run mean%n", MODES[m],
            100 * absDiff[m] / (sum[0][0] + sum[0][1]));
      }
    }
  }

  private static void row(String name, long n, double truth, double every, double byDefault, double sampled) {
    System.out.printf(Locale.ROOT, "%-10s %10.3f %10.3f %10.3f %10.3f | %22.4f | %10.4f %10.4f  (%d inferences)%n",
        name, every / n / 1e3, byDefault / n / 1e3, sampled / n / 1e3, truth / 1e3, byDefault / every,
        byDefault / n / truth, every / n / truth, n);
  }

  /** The meter's delta around {@code block} run back to back through {@code c} (thread CPU time × power). */
  private static long block(EnergyMeter meter, Cascade c, List<float[]> block) {
    long t0 = meter.readNanojoules();
    for (float[] x : block) {
      c.pipeline.run(x);
    }
    return meter.readNanojoules() - t0;
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

  /**
   * The digits cascade (tiny → big at max probability 0.9) or one model alone, as a pipeline built
   * once over its own model instances ({@link #TINY} → digits_tiny_logreg, {@link #BIG} → digits_big_mlp).
   */
  private static final class Cascade implements AutoCloseable {
    final List<Model> models = new ArrayList<>();
    final TieredInferencePipeline<float[]> pipeline;

    Cascade(String ext, EnergyMeter meter, Metering metering, String... tiers) {
      var b = TieredInferencePipeline.<float[]>builder();
      try {
        for (String name : tiers) {
          String file = (TINY.equals(name) ? "digits_tiny_logreg." : "digits_big_mlp.") + ext;
          Model m = InferenceBackends.load(BenchModels.dir().resolve(file), ModelOptions.defaults());
          models.add(m);
          if (models.size() > 1) {
            b.gate(GatePolicy.maxProbability(0.9));
          }
          b.tier(Tier.<float[]>builder(name).model(m).input(InputBinder.floats())
              .scores(ScoreReader.probabilities("probs")).build());
        }
        pipeline = b.meter(meter).metering(metering).build();
      } catch (RuntimeException e) {
        models.forEach(Model::close);
        throw e;
      }
    }

    @Override
    public void close() {
      pipeline.close();
      models.forEach(Model::close);
    }
  }
}
