package io.edgeenergy.examples.audio;

import io.edgeenergy.Energy;
import io.edgeenergy.Power;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.policy.ChainCalibration;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.profile.PowerProfile;
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
 * per hour, the cheapest whose recall is within one keyword of the best; (2) every gate's threshold and
 * hang-over with {@link ChainCalibration#cheapest}: the cheapest chain whose recall is at least
 * every-frame's and whose false accepts per hour are no higher (if none, the one with most recall).
 */
public final class AudioChainEvaluation {
  static final double MAX_FALSE_ACCEPTS_PER_HOUR = 2.0;
  static final double[] KEYWORD_THRESHOLDS = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98};
  static final double[] HOPS = {1, 2, 4};
  static final double[] VAD_THRESHOLDS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7};
  static final double[] ENERGY_DBFS = {-60, -50, -45, -40, -35, -30};
  /** Hang-overs in chunks (96 ms .. 1 s): the keyword model fires best on windows ending after the word. */
  static final double[] HANGOVERS = {3, 10, 20, 31};
  static final int VAD_HANGOVER_CHUNKS = 10;
  static final int ENERGY_HANGOVER_CHUNKS = 3;
  static final int REPRIME_CHUNKS = 3;
  /** The small model's best keyword probability above which DS-CNN-S confirms: low, it only screens. */
  static final double[] CASCADE_THRESHOLDS = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5};

  /**
   * The chain's default keyword model: the 5.9k-parameter DS-CNN, whose 1 h held-out-voice test stream
   * recall (78.3 %, 2 false accepts/h) beats DS-CNN-S's (71.7 %, 0/h); recall decides first (see
   * docs/BENCHMARKS.md and models/README.md).
   */
  public static final String DEFAULT_KEYWORD_MODEL = "keyword_dscnn_small.onnx";
  /** DS-CNN-S, 22.8k parameters: the model the cascade confirms with. */
  public static final String DSCNN_S = "keyword_dscnn.onnx";

  private AudioChainEvaluation() {}

  /**
   * The cascade's screen by default: a temporal-convolution net on every other log-mel frame
   * ({@code models/audio/train_screen.py}), which halves the features computed until it fires.
   */
  public static final String DEFAULT_SCREEN = "keyword_screen.onnx";

  /** The small model that screens for {@code keywordModel} in the cascade rows by default, or null for none. */
  public static String defaultCascadeFor(String keywordModel) {
    return DSCNN_S.equals(keywordModel) ? DEFAULT_SCREEN : null;
  }

  /**
   * What to run.
   *
   * @param modelsDir {@code models/audio}
   * @param keywordModel keyword model file name in it (e.g. {@code keyword_dscnn.onnx})
   * @param cascadeModel the small keyword model that screens for it in the cascade rows (e.g.
   *     {@code keyword_dscnn_small.onnx}), or {@code null} for no cascade rows
   * @param length length of each stream
   * @param validationSeed seed of the validation stream
   * @param testSeed seed of the test stream
   * @param profile the device profile: the CPU-time estimator's active power per core, and the base
   *     power (the device's draw with the chain idle) of the battery projection
   * @param battery battery capacity for the projection
   */
  public record Config(Path modelsDir, String keywordModel, String cascadeModel, Duration length, long validationSeed, long testSeed,
      PowerProfile profile, Energy battery) {
    /** Power of one busy core at the profile's typical frequency (the estimator's multiplier). */
    public Power activePower() {
      return profile.typicalActivePowerPerCore();
    }

    /** The device's power with the chain idle. */
    public Power basePower() {
      return profile.basePower();
    }
  }

  /** One row of the report: a gate configuration scored on the test stream, and its run. */
  public record Row(KeywordChain.Gate gate, KeywordChain.Settings settings, ChainScore score, KeywordChain.Run run) {}

  /**
   * Everything the report prints.
   *
   * @param validation how the validation stream was built
   * @param test how the test stream was built
   * @param keywordCurve the every-frame sweep of keyword threshold × hop on validation
   * @param vadCurve the VAD → keyword sweep on validation
   * @param energyCurve the energy → VAD → keyword sweep on validation
   * @param energyOnlyCurve the energy → keyword sweep on validation
   * @param cascadeCurve the energy → small model → keyword sweep on validation (empty without a cascade model)
   * @param rows the configurations on the test stream
   * @param config what ran
   * @param costsMicros median per-call cost on validation: energy, vad, features (frame), keyword model,
   *     small keyword model (0 without one)
   * @param chosen the gated chain calibration chose: of the three gated configurations at their picked
   *     thresholds, the cheapest on validation that keeps every-frame's recall and false accepts (if none
   *     does, the one with most recall)
   */
  public record Result(String validation, String test, List<ChainCalibration.Point> keywordCurve,
      List<ChainCalibration.Point> vadCurve, List<ChainCalibration.Point> energyCurve,
      List<ChainCalibration.Point> energyOnlyCurve, List<ChainCalibration.Point> cascadeCurve, List<Row> rows, Config config,
      double[] costsMicros, KeywordChain.Gate chosen) {

    /** The validation curve the chosen chain's thresholds were picked from. */
    public List<ChainCalibration.Point> chosenCurve() {
      return switch (chosen) {
        case VAD -> vadCurve;
        case ENERGY_VAD -> energyCurve;
        case ENERGY -> energyOnlyCurve;
        case CASCADE -> cascadeCurve;
        default -> keywordCurve;
      };
    }
  }

  /** Runs the whole evaluation; {@code progress} receives a line per step. */
  public static Result run(Config c, Consumer<String> progress) {
    ClipPool pool = ClipPool.load(c.modelsDir());
    ModelOptions opts = ModelOptions.builder().intraOpThreads(1).build();
    try (Model vad = InferenceBackends.load(c.modelsDir().resolve("silero_vad_16k_op15.onnx"), opts);
         Model kw = InferenceBackends.load(c.modelsDir().resolve(c.keywordModel()), opts);
         Model small = c.cascadeModel() == null ? null
             : InferenceBackends.load(c.modelsDir().resolve(c.cascadeModel()), opts);
         EnergyMeter meter = EnergyMeters.estimator(c.profile())) {
      AudioStream val = StreamAssembler.build(pool, ClipPool.Split.VALIDATION, c.validationSeed(), c.length());
      progress.accept("validation: " + val.description());
      ChainTrace trace = ChainTrace.record(val, vad, kw, small);
      KeywordChain.Settings base = new KeywordChain.Settings(0.9, 1, 0.5, VAD_HANGOVER_CHUNKS, -45,
          ENERGY_HANGOVER_CHUNKS, KeywordChain.VadResume.REPRIME, REPRIME_CHUNKS, 0.5);
      List<ChainCalibration.Point> kwCurve = ChainCalibration.sweep(ChainCalibration.grid(KEYWORD_THRESHOLDS, HOPS),
          t -> point(t, ChainReplay.replay(trace, KeywordChain.Gate.EVERY_FRAME, base.withKeyword(t[0], (int) t[1]), c.activePower())));
      double bestRecall = kwCurve.stream().filter(p -> p.falseAlarmsPerHour() <= MAX_FALSE_ACCEPTS_PER_HOUR)
          .mapToDouble(ChainCalibration.Point::recall).max().orElse(0);
      double oneKeyword = 1.0 / Math.max(1, val.keywords().size());
      ChainCalibration.Point kwPick = ChainCalibration.cheapest(kwCurve, bestRecall - oneKeyword + 1e-9,
          MAX_FALSE_ACCEPTS_PER_HOUR).orElse(kwCurve.get(kwCurve.size() - 1));
      KeywordChain.Settings s = base.withKeyword(kwPick.thresholds()[0], (int) kwPick.thresholds()[1]);
      ChainScore every = ChainReplay.replay(trace, KeywordChain.Gate.EVERY_FRAME, s, c.activePower());
      // candidate = [VAD threshold, VAD hang-over, energy dBFS, energy hang-over, cascade threshold];
      // an unused gate keeps one value
      double[] one = {0};
      double[] noCascade = {s.cascadeThreshold()};
      List<ChainCalibration.Point> vadCurve = sweep(trace, KeywordChain.Gate.VAD, s, c,
          ChainCalibration.grid(VAD_THRESHOLDS, HANGOVERS, new double[] {-120}, one, noCascade));
      List<ChainCalibration.Point> energyCurve = sweep(trace, KeywordChain.Gate.ENERGY_VAD, s, c,
          ChainCalibration.grid(VAD_THRESHOLDS, HANGOVERS, ENERGY_DBFS, HANGOVERS, noCascade));
      List<ChainCalibration.Point> energyOnlyCurve = sweep(trace, KeywordChain.Gate.ENERGY, s, c,
          ChainCalibration.grid(new double[] {1}, one, ENERGY_DBFS, HANGOVERS, noCascade));
      List<double[]> cascadeGrid = CascadeCalibration.withSchedules(
          ChainCalibration.grid(new double[] {1}, one, ENERGY_DBFS, HANGOVERS, CASCADE_THRESHOLDS));
      CascadeCalibration.Sweep cascadeSweep = small == null ? null
          : CascadeCalibration.sweep(trace, s, cascadeGrid, c.activePower());
      List<ChainCalibration.Point> cascadeCurve = small == null ? List.of() : cascadeSweep.curve();
      ChainCalibration.Point vadPoint = pick(vadCurve, every);
      ChainCalibration.Point energyPoint = pick(energyCurve, every);
      ChainCalibration.Point energyOnlyPoint = pick(energyOnlyCurve, every);
      double[] vadPick = vadPoint.thresholds();
      double[] energyPick = energyPoint.thresholds();
      double[] energyOnlyPick = energyOnlyPoint.thresholds();
      List<KeywordChain.Gate> gated = new ArrayList<>(List.of(KeywordChain.Gate.VAD, KeywordChain.Gate.ENERGY_VAD,
          KeywordChain.Gate.ENERGY));
      List<ChainCalibration.Point> picks = new ArrayList<>(List.of(vadPoint, energyPoint, energyOnlyPoint));
      double[] cascadePick = null;
      if (small != null) {
        ChainCalibration.Point cascadePoint = pick(CascadeCalibration.seeingMostFiringWindows(trace, s, cascadeSweep),
            every);
        cascadePick = cascadePoint.thresholds();
        gated.add(KeywordChain.Gate.CASCADE);
        picks.add(cascadePoint);
      }
      KeywordChain.Gate chosen = choose(every, gated, picks);
      progress.accept("calibrated on validation: keyword threshold " + s.keywordThreshold() + ", hop " + s.hopChunks()
          + " chunk(s); [VAD threshold, VAD hang-over chunks, energy dBFS, energy hang-over chunks]: VAD -> keyword "
          + java.util.Arrays.toString(vadPick) + ", energy -> VAD -> keyword " + java.util.Arrays.toString(energyPick)
          + ", energy -> keyword " + java.util.Arrays.toString(energyOnlyPick)
          + (small == null ? "" : ", energy -> screen -> keyword " + java.util.Arrays.toString(cascadePick))
          + "; chosen chain: "
          + AudioChainReport.label(chosen));

      AudioStream test = StreamAssembler.build(pool, ClipPool.Split.TEST, c.testSeed(), c.length());
      progress.accept("test: " + test.description());
      List<Row> rows = new ArrayList<>();
      for (KeywordChain.Gate g : KeywordChain.Gate.values()) {
        if (g == KeywordChain.Gate.CASCADE && small == null) {
          continue;
        }
        KeywordChain.Settings gs = switch (g) {
          case VAD -> s.withGates(vadPick);
          case ENERGY_VAD -> s.withGates(energyPick);
          case ENERGY -> s.withGates(energyOnlyPick);
          case CASCADE -> s.withGates(cascadePick);
          default -> s;
        };
        KeywordChain.Run r = KeywordChain.run(test, g, gs, vad, kw, small, meter);
        rows.add(new Row(g, gs, ChainScore.of(r, test), r));
        progress.accept("ran " + g);
      }
      double[] micros = new double[trace.costs().length];
      for (int i = 0; i < micros.length; i++) {
        micros[i] = trace.costs()[i] * 1e6;
      }
      return new Result(val.description(), test.description(), kwCurve, vadCurve, energyCurve, energyOnlyCurve, cascadeCurve, rows, c,
          micros, chosen);
    }
  }

  private static List<ChainCalibration.Point> sweep(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s,
      Config c, List<double[]> grid) {
    return ChainCalibration.sweep(grid, t -> point(t, ChainReplay.replay(trace, gate, s.withGates(t), c.activePower())));
  }

  /** The cheapest candidate that keeps every-frame's recall and false accepts; else the most recall. */
  static ChainCalibration.Point pick(List<ChainCalibration.Point> curve, ChainScore every) {
    return ChainCalibration.cheapest(curve, every.recall() - 1e-9, every.falseAcceptsPerHour() + 1e-9)
        .or(() -> ChainCalibration.mostRecall(curve, Double.MAX_VALUE, Double.MAX_VALUE))
        .orElseThrow();
  }

  /** Of the gated chains at their picks, the cheapest keeping every-frame's recall and false accepts. */
  private static KeywordChain.Gate choose(ChainScore every, List<KeywordChain.Gate> gates,
      List<ChainCalibration.Point> picks) {
    int best = -1;
    for (int i = 0; i < picks.size(); i++) {
      ChainCalibration.Point p = picks.get(i);
      boolean keeps = p.recall() >= every.recall() - 1e-9 && p.falseAlarmsPerHour() <= every.falseAcceptsPerHour() + 1e-9;
      if (keeps && (best < 0 || p.joulesPerHour() < picks.get(best).joulesPerHour())) {
        best = i;
      }
    }
    if (best < 0) {
      best = 0;
      for (int i = 1; i < picks.size(); i++) {
        best = picks.get(i).recall() > picks.get(best).recall() ? i : best;
      }
    }
    return gates.get(best);
  }

  static ChainCalibration.Point point(double[] t, ChainScore s) {
    return new ChainCalibration.Point(t, s.recall(), s.falseAcceptsPerHour(), s.joulesPerHour());
  }
}
