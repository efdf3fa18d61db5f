package io.edgeenergy.examples.audio;

import io.edgeenergy.Energy;
import io.edgeenergy.Power;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.policy.ChainCalibration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audio keyword chain end to end on bundled data: build a validation stream (validation voice)
 * and a test stream (held-out test voices) from the clip pool, calibrate on validation, run the four
 * gating configurations for real on test, and score them.
 *
 * <p>Calibration, on a replay of the validation trace ({@link ChainReplay}): (1) the keyword model's
 * threshold and hop: among settings with at most {@value #MAX_FALSE_ACCEPTS_PER_HOUR} false accepts
 * per hour, the cheapest whose recall is within one keyword of the best; (2) every gate threshold with
 * {@link ChainCalibration#cheapest}: the cheapest chain whose recall is at least every-frame's and
 * whose false accepts per hour are no higher.
 */
public final class AudioChainEvaluation {
  static final double MAX_FALSE_ACCEPTS_PER_HOUR = 2.0;
  static final double[] KEYWORD_THRESHOLDS = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98};
  static final double[] HOPS = {1, 2, 4};
  static final double[] VAD_THRESHOLDS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7};
  static final double[] ENERGY_DBFS = {-60, -50, -45, -40, -35, -30};
  static final int VAD_HANGOVER_CHUNKS = 10;      // 320 ms: the keyword window ends after the word
  static final int ENERGY_HANGOVER_CHUNKS = 3;    // 96 ms
  static final int REPRIME_CHUNKS = 3;

  private AudioChainEvaluation() {}

  /**
   * What to run.
   *
   * @param modelsDir {@code models/audio}
   * @param keywordModel keyword model file name in it (e.g. {@code keyword_dscnn.onnx})
   * @param length length of each stream
   * @param validationSeed seed of the validation stream
   * @param testSeed seed of the test stream
   * @param activePower power of one busy core (the estimate's multiplier)
   * @param basePower the device's power with the chain idle (for the battery projection)
   * @param battery battery capacity for the projection
   */
  public record Config(Path modelsDir, String keywordModel, Duration length, long validationSeed, long testSeed,
      Power activePower, Power basePower, Energy battery) {}

  /** One row of the report: a gate configuration scored on the test stream. */
  public record Row(KeywordChain.Gate gate, KeywordChain.Settings settings, ChainScore score, long skippedChunks) {}

  /**
   * Everything the report prints.
   *
   * @param validation how the validation stream was built
   * @param test how the test stream was built
   * @param keywordCurve the every-frame sweep of keyword threshold × hop on validation
   * @param vadCurve the VAD → keyword sweep on validation
   * @param energyCurve the energy → VAD → keyword sweep on validation
   * @param energyOnlyCurve the energy → keyword sweep on validation
   * @param rows the configurations on the test stream
   * @param config what ran
   * @param costsMicros median per-call cost on validation: energy, vad, features (frame), keyword model
   */
  public record Result(String validation, String test, List<ChainCalibration.Point> keywordCurve,
      List<ChainCalibration.Point> vadCurve, List<ChainCalibration.Point> energyCurve,
      List<ChainCalibration.Point> energyOnlyCurve, List<Row> rows, Config config,
      double[] costsMicros) {}

  /** Runs the whole evaluation; {@code progress} receives a line per step. */
  public static Result run(Config c, Consumer<String> progress) {
    ClipPool pool = ClipPool.load(c.modelsDir());
    ModelOptions opts = ModelOptions.builder().intraOpThreads(1).build();
    try (Model vad = InferenceBackends.load(c.modelsDir().resolve("silero_vad_16k_op15.onnx"), opts);
         Model kw = InferenceBackends.load(c.modelsDir().resolve(c.keywordModel()), opts)) {
      AudioStream val = StreamAssembler.build(pool, ClipPool.Split.VALIDATION, c.validationSeed(), c.length());
      progress.accept("validation: " + val.description());
      ChainTrace trace = ChainTrace.record(val, vad, kw);
      KeywordChain.Settings base = new KeywordChain.Settings(0.9, 1, 0.5, VAD_HANGOVER_CHUNKS, -45,
          ENERGY_HANGOVER_CHUNKS, KeywordChain.VadResume.REPRIME, REPRIME_CHUNKS);
      List<ChainCalibration.Point> kwCurve = ChainCalibration.sweep(ChainCalibration.grid(KEYWORD_THRESHOLDS, HOPS),
          t -> point(t, ChainReplay.replay(trace, KeywordChain.Gate.EVERY_FRAME, hop(base, t[0], t[1]), c.activePower())));
      double bestRecall = kwCurve.stream().filter(p -> p.falseAlarmsPerHour() <= MAX_FALSE_ACCEPTS_PER_HOUR)
          .mapToDouble(ChainCalibration.Point::recall).max().orElse(0);
      double oneKeyword = 1.0 / Math.max(1, val.keywords().size());
      ChainCalibration.Point kwPick = ChainCalibration.cheapest(kwCurve, bestRecall - oneKeyword + 1e-9,
          MAX_FALSE_ACCEPTS_PER_HOUR).orElse(kwCurve.get(kwCurve.size() - 1));
      KeywordChain.Settings s = hop(base, kwPick.thresholds()[0], kwPick.thresholds()[1]);
      ChainScore every = ChainReplay.replay(trace, KeywordChain.Gate.EVERY_FRAME, s, c.activePower());
      List<ChainCalibration.Point> vadCurve = ChainCalibration.sweep(ChainCalibration.grid(VAD_THRESHOLDS),
          t -> point(t, ChainReplay.replay(trace, KeywordChain.Gate.VAD, s.withGates(t[0], s.energyDbfs()),
              c.activePower())));
      double vadPick = ChainCalibration.cheapest(vadCurve, every.recall() - 1e-9, every.falseAcceptsPerHour() + 1e-9)
          .map(p -> p.thresholds()[0]).orElse(VAD_THRESHOLDS[0]);
      List<ChainCalibration.Point> energyCurve = ChainCalibration.sweep(
          ChainCalibration.grid(VAD_THRESHOLDS, ENERGY_DBFS),
          t -> point(t, ChainReplay.replay(trace, KeywordChain.Gate.ENERGY_VAD, s.withGates(t[0], t[1]),
              c.activePower())));
      double[] energyPick = ChainCalibration.cheapest(energyCurve, every.recall() - 1e-9,
          every.falseAcceptsPerHour() + 1e-9).map(ChainCalibration.Point::thresholds)
          .orElse(new double[] {VAD_THRESHOLDS[0], ENERGY_DBFS[0]});
      List<ChainCalibration.Point> energyOnlyCurve = ChainCalibration.sweep(ChainCalibration.grid(ENERGY_DBFS),
          t -> point(t, ChainReplay.replay(trace, KeywordChain.Gate.ENERGY, s.withGates(s.vadThreshold(), t[0]),
              c.activePower())));
      double energyOnlyPick = ChainCalibration.cheapest(energyOnlyCurve, every.recall() - 1e-9,
          every.falseAcceptsPerHour() + 1e-9).map(p -> p.thresholds()[0]).orElse(ENERGY_DBFS[0]);
      progress.accept("calibrated on validation: keyword threshold " + s.keywordThreshold() + ", hop " + s.hopChunks()
          + " chunk(s); VAD alone " + vadPick + "; energy gate " + energyPick[1] + " dBFS with VAD " + energyPick[0]
          + "; energy gate alone " + energyOnlyPick + " dBFS");

      AudioStream test = StreamAssembler.build(pool, ClipPool.Split.TEST, c.testSeed(), c.length());
      progress.accept("test: " + test.description());
      List<Row> rows = new ArrayList<>();
      for (KeywordChain.Gate g : KeywordChain.Gate.values()) {
        KeywordChain.Settings gs = switch (g) {
          case VAD -> s.withGates(vadPick, s.energyDbfs());
          case ENERGY_VAD -> s.withGates(energyPick[0], energyPick[1]);
          case ENERGY -> s.withGates(s.vadThreshold(), energyOnlyPick);
          default -> s;
        };
        KeywordChain.Run r = KeywordChain.run(test, g, gs, vad, kw);
        rows.add(new Row(g, gs, ChainScore.of(r, test, c.activePower()), r.skippedChunks()));
        progress.accept("ran " + g);
      }
      double[] micros = new double[4];
      for (int i = 0; i < 4; i++) {
        micros[i] = trace.costs()[i] * 1e6;
      }
      return new Result(val.description(), test.description(), kwCurve, vadCurve, energyCurve, energyOnlyCurve, rows, c,
          micros);
    }
  }

  private static KeywordChain.Settings hop(KeywordChain.Settings s, double threshold, double hop) {
    return new KeywordChain.Settings(threshold, (int) hop, s.vadThreshold(), s.vadHangoverChunks(), s.energyDbfs(),
        s.energyHangoverChunks(), s.resume(), s.reprimeChunks());
  }

  private static ChainCalibration.Point point(double[] t, ChainScore s) {
    return new ChainCalibration.Point(t, s.recall(), s.falseAcceptsPerHour(), s.joulesPerHour());
  }
}
