package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import io.edgeenergy.policy.ThresholdCalibration;
import io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter;
import io.edgeenergy.trace.TraceRecorder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The demo's measurement: calibrate thresholds on the validation split, then run the four
 * configurations on the test split, interleaved pass by pass so machine noise hits them alike.
 */
final class DemoRun {
  private static final ScoreReader PROBS = ScoreReader.probabilities("probs");
  /** Untimed passes over the validation split per configuration, so JIT and ORT reach steady state. */
  private static final int WARMUP_PASSES = 4;

  private final DigitsData data;
  private final EnergyMeter meter;
  private final Metering metering;
  private final PrintWriter out;
  private final boolean progress;

  DemoRun(DigitsData data, EnergyMeter meter, Metering metering, PrintWriter out, boolean progress) {
    this.data = data;
    this.meter = meter;
    this.metering = metering;
    this.out = out;
    this.progress = progress;
  }

  /** The full-integer int8 big model and the file sizes of it and of its float32 original. */
  record Int8(Model model, long fp32Bytes, long int8Bytes) {}

  /** Record the cascade's models on the test split, interleaved with the live passes, into {@code path}. */
  record TraceRequest(Path path, Path tinyFile, Path bigFile) {}

  DemoReport execute(String backend, Model tiny, Stage javaTiny, Model big, List<Model> segments, Int8 int8, int repeat,
      double maxAccuracyLoss, Energy battery, TraceRequest traceRequest) {
    out.println("Calibrating thresholds on the validation split (" + data.validation().length + " images)...");
    Probe tinyProbe = probe(plain("tiny", tiny));
    Probe bigProbe = probe(plain("big", big));
    probe(java(javaTiny));   // a cold pass first: the JIT compiles the Java tier, which would inflate its cost
    Probe javaProbe = probe(java(javaTiny));
    Probe[] exitProbes = probeExits(segments);
    double minAccuracy = bigProbe.accuracy() - maxAccuracyLoss;

    Stacked cascade = stack(tinyProbe, bigProbe);
    ThresholdCalibration.Result cascadeCal = ThresholdCalibration.calibrate(cascade.confidence, cascade.correct,
        new double[] {tinyProbe.meanNanojoules, bigProbe.meanNanojoules}, minAccuracy,
        ThresholdCalibration.defaultCandidates());
    Stacked javaCascade = stack(javaProbe, bigProbe);
    ThresholdCalibration.Result javaCal = ThresholdCalibration.calibrate(javaCascade.confidence, javaCascade.correct,
        new double[] {javaProbe.meanNanojoules, bigProbe.meanNanojoules}, minAccuracy,
        ThresholdCalibration.defaultCandidates());
    Stacked exits = stack(exitProbes);
    double[] exitCosts = new double[exitProbes.length];
    for (int s = 0; s < exitCosts.length; s++) {
      exitCosts[s] = exitProbes[s].meanNanojoules;
    }
    ThresholdCalibration.Result exitCal = ThresholdCalibration.calibrate(exits.confidence, exits.correct, exitCosts,
        minAccuracy, ThresholdCalibration.defaultCandidates());
    out.printf(Locale.ROOT, "  big model alone: %.2f %% on validation; thresholds may lose at most %.2f points%n",
        100 * bigProbe.accuracy(), 100 * maxAccuracyLoss);
    printCalibration("cascade gate", cascadeCal);
    printCalibration("java gate", javaCal);
    printCalibration("early exit", exitCal);

    List<Config> configs = new ArrayList<>(List.of(
        new Config("tiny only", single(plain("tiny", tiny)), Rate.NONE),
        new Config("big only", single(plain("big", big)), Rate.NONE),
        new Config("cascade tiny->big", TieredInferencePipeline.<float[]>builder()
            .tier(plain("tiny", tiny)).gate(GatePolicy.maxProbability(cascadeCal.threshold()))
            .tier(plain("big", big)).meter(meter).metering(metering).build(), Rate.ESCALATED),
        new Config(DemoReport.JAVA_CASCADE_ROW, TieredInferencePipeline.<float[]>builder()
            .tier(java(javaTiny)).gate(GatePolicy.maxProbability(javaCal.threshold()))
            .tier(plain("big", big)).meter(meter).metering(metering).build(), Rate.ESCALATED),
        new Config("early exit", single(segmented(segments, EarlyExitPolicy.maxProbability(exitCal.threshold()))),
            Rate.EXITED_EARLY)));
    if (int8 != null) {
      configs.add(new Config(DemoReport.INT8_ROW, single(plain("big-int8", int8.model())), Rate.NONE));
    }
    Config cascadeConfig = configs.get(2);
    TraceRecorder<float[]> recorder = null;
    try {
      if (traceRequest != null) {
        recorder = TraceRecorder.builder(cascadeConfig.pipeline, traceRequest.path())
            .modelFile(tiny.name(), traceRequest.tinyFile()).modelFile(big.name(), traceRequest.bigFile()).build();
      }
      for (Config c : configs) {
        for (int pass = 0; pass < WARMUP_PASSES; pass++) {
          runAll(c.pipeline, data.validation(), null, null);
        }
        c.pipeline.reset();
      }
      int[] test = data.test();
      try (ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("demo").setStyle(ProgressBarStyle.ASCII)
          .setInitialMax((long) repeat * configs.size() * test.length).setUpdateIntervalMillis(250)
          .continuousUpdate().build() : null) {
        for (int pass = 0; pass < repeat; pass++) {
          for (Config c : configs) {
            runAll(c.pipeline, test, c, bar, c == cascadeConfig ? recorder : null);
          }
        }
      }
      if (recorder != null) {
        recorder.close();
        out.println("Wrote trace " + traceRequest.path() + " (" + recorder.inputs() + " inputs); replay it with "
            + "edgeenergy simulate --trace " + traceRequest.path());
      }
      List<DemoReport.Row> rows = new ArrayList<>();
      for (Config c : configs) {
        rows.add(row(c, battery));
      }
      return new DemoReport(backend, meter.name(), meter.quality().toString(), meter.description(), metering.resolve(meter).toString(),
          configs.get(0).pipeline.meterOverheadNanojoules(), test.length, repeat, cascadeCal.threshold(),
          exitCal.threshold(), battery.toJoules(), basePowerWatts(), rows, int8 == null ? 0 : int8.fp32Bytes(),
          int8 == null ? 0 : int8.int8Bytes(), javaTierMicrojoules(configs));
    } finally {
      if (recorder != null) {
        recorder.close();
      }
      configs.forEach(c -> c.pipeline.close());
    }
  }

  /** Mean energy of one run of the Java tier 0 in the measured passes. */
  private static double javaTierMicrojoules(List<Config> configs) {
    Config c = configs.stream().filter(x -> x.name.equals(DemoReport.JAVA_CASCADE_ROW)).findFirst().orElseThrow();
    return c.pipeline.ledger().snapshot().tiers().get(0).stages().get(0).meanPerRun().toMicrojoules();
  }

  private void printCalibration(String what, ThresholdCalibration.Result cal) {
    StringBuilder stops = new StringBuilder();
    for (int s = 0; s < cal.stopFractions().length; s++) {
      stops.append(String.format(Locale.ROOT, "%s%.1f %%", s == 0 ? "" : " / ", 100 * cal.stopFractions()[s]));
    }
    out.printf(Locale.ROOT, "  %-12s max probability >= %.3f: validation accuracy %.2f %%, stops per stage %s, "
        + "expected %.2f µJ%s%n", what + ":", cal.threshold(), 100 * cal.accuracy(), stops, cal.expectedCost() / 1e3,
        cal.metTarget() ? "" : " (no threshold met the accuracy target: the most accurate one was taken)");
  }

  /** The device's idle draw from the estimator's profile; 0 when a measured meter is used. */
  private double basePowerWatts() {
    return meter instanceof CpuTimeEstimatorMeter estimator ? estimator.profile().basePower().toWatts() : 0;
  }

  private void runAll(TieredInferencePipeline<float[]> pipeline, int[] rows, Config stats, ProgressBar bar) {
    runAll(pipeline, rows, stats, bar, null);
  }

  /** With a recorder, each input runs through it (the pipeline as usual, then recorded for simulate). */
  private void runAll(TieredInferencePipeline<float[]> pipeline, int[] rows, Config stats, ProgressBar bar,
      TraceRecorder<float[]> recorder) {
    for (int i : rows) {
      InferenceResult r = recorder == null ? pipeline.run(data.pixels()[i])
          : recorder.run(data.pixels()[i], data.labels()[i]);
      if (stats != null) {
        stats.count++;
        stats.latencyNanos += r.latencyNanos();
        if (r.top1() == data.labels()[i]) {
          stats.correct++;
        }
      }
      if (bar != null) {
        bar.step();
      }
    }
  }

  private static DemoReport.Row row(Config c, Energy battery) {
    LedgerSnapshot s = c.pipeline.ledger().snapshot();
    double rate = switch (c.rate) {
      case NONE -> 0;
      case ESCALATED -> s.reachedRate(1);
      case EXITED_EARLY -> 1.0 - s.stopRate(0, s.tiers().get(0).stages().size() - 1);
    };
    Energy mean = s.meanPerInference();
    long inferences = mean.isZero() ? Long.MAX_VALUE : battery.count(mean);
    return new DemoReport.Row(c.name, (double) c.correct / c.count, c.rate.label, rate, mean.toMicrojoules(),
        s.quality().toString(), c.latencyNanos / 1e3 / c.count, inferences, inferences / 3600.0);
  }

  private Probe probe(Tier<float[]> tier) {
    try (TieredInferencePipeline<float[]> p = single(tier)) {
      int[] rows = data.validation();
      Probe probe = new Probe(rows.length);
      for (int k = 0; k < rows.length; k++) {
        InferenceResult r = p.run(data.pixels()[rows[k]]);
        probe.record(k, r.prediction(), data.labels()[rows[k]]);
      }
      probe.meanNanojoules = p.ledger().snapshot().meanPerInference().nanojoules();
      return probe;
    }
  }

  /** Runs every segment on every validation image, recording each exit's answer via a policy plugin. */
  private Probe[] probeExits(List<Model> segments) {
    int[] rows = data.validation();
    Probe[] probes = new Probe[segments.size()];
    for (int s = 0; s < probes.length; s++) {
      probes[s] = new Probe(rows.length);
    }
    int[] current = new int[1];
    EarlyExitPolicy recorder = (Prediction p, BudgetView b) -> {
      probes[p.stage()].record(current[0], p, data.labels()[rows[current[0]]]);
      return EarlyExitPolicy.Decision.CONTINUE;
    };
    try (TieredInferencePipeline<float[]> p = single(segmented(segments, recorder))) {
      for (int k = 0; k < rows.length; k++) {
        current[0] = k;
        InferenceResult r = p.run(data.pixels()[rows[k]]);
        probes[probes.length - 1].record(k, r.prediction(), data.labels()[rows[k]]);
      }
      List<LedgerSnapshot.StageStats> stages = p.ledger().snapshot().tiers().get(0).stages();
      for (int s = 0; s < probes.length; s++) {
        probes[s].meanNanojoules = stages.get(s).meanPerRun().nanojoules();
      }
    }
    return probes;
  }

  private TieredInferencePipeline<float[]> single(Tier<float[]> tier) {
    return TieredInferencePipeline.<float[]>builder().tier(tier).meter(meter).metering(metering).build();
  }

  private static Tier<float[]> plain(String name, Model model) {
    return Tier.<float[]>builder(name).model(model).input(InputBinder.floats()).scores(PROBS).build();
  }

  private static Tier<float[]> java(Stage stage) {
    return Tier.<float[]>builder("java-tiny").stage(stage).input(InputBinder.floats()).scores(PROBS).build();
  }

  private static Tier<float[]> segmented(List<Model> segments, EarlyExitPolicy policy) {
    return Tier.<float[]>builder("multi-exit").segments(segments).input(InputBinder.floats()).scores(PROBS)
        .earlyExit(policy).build();
  }

  private static Stacked stack(Probe... stages) {
    int n = stages[0].confidence.length;
    double[][] conf = new double[n][stages.length];
    boolean[][] correct = new boolean[n][stages.length];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < stages.length; s++) {
        conf[i][s] = stages[s].confidence[i];
        correct[i][s] = stages[s].correct[i];
      }
    }
    return new Stacked(conf, correct);
  }

  private record Stacked(double[][] confidence, boolean[][] correct) {}

  /** One model's (or exit's) answers on the validation split. */
  private static final class Probe {
    final double[] confidence;
    final boolean[] correct;
    double meanNanojoules;

    Probe(int n) {
      confidence = new double[n];
      correct = new boolean[n];
    }

    void record(int k, Prediction p, int label) {
      confidence[k] = p.top1Probability();
      correct[k] = p.top1() == label;
    }

    double accuracy() {
      int right = 0;
      for (boolean c : correct) {
        right += c ? 1 : 0;
      }
      return (double) right / correct.length;
    }
  }

  private enum Rate {
    NONE("-"), ESCALATED("escalated"), EXITED_EARLY("exited early");

    final String label;

    Rate(String label) {
      this.label = label;
    }
  }

  private static final class Config {
    final String name;
    final TieredInferencePipeline<float[]> pipeline;
    final Rate rate;
    long count;
    long correct;
    long latencyNanos;

    Config(String name, TieredInferencePipeline<float[]> pipeline, Rate rate) {
      this.name = name;
      this.pipeline = pipeline;
      this.rate = rate;
    }
  }
}
