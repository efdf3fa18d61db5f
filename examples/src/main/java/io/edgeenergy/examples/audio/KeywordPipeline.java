package io.edgeenergy.examples.audio;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.SkipPolicy;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.stream.StreamRunner;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One configuration of the keyword chain as an SDK pipeline: tiers of {@link Stage}s, cheapest first,
 * fed 32 ms windows (64 samples of context + 512 new) by a {@link StreamRunner}, so every joule comes
 * from the pipeline's meter and ledger.
 *
 * <ul>
 *   <li>{@code energy}: function stage, [quiet, loud] ({@link EnergyGate}); gate: class trigger on
 *       loud with the energy hang-over;
 *   <li>{@code vad}: Silero VAD v5, a stateful model stage ({@code stateN -> state}, shapes declared,
 *       {@code sr} constant) whose skip policy follows {@link KeywordChain.VadResume}; gate: class
 *       trigger on speech at the VAD threshold with the VAD hang-over;
 *   <li>{@code oracle} (oracle configuration only): function stage saying whether the window overlaps
 *       a true keyword; its joules are left out of the chain's figures (gates free);
 *   <li>{@code log-mel}: function stage computing the missing log-mel frames of the last second from
 *       the {@link LogMelHistory} (fed every chunk by the caller, so frames exist whichever tiers ran)
 *       on hop chunks; gate: escalate when it computed features;
 *   <li>{@code screen} (cascade only): a small keyword model (the screen) on the frames it
 *       reads, all 49 or every {@link LogMelHistory#stride}-th; its scores are [no keyword, best
 *       keyword's probability]; gate: {@link ScreenSchedule}, escalate at or above the cascade
 *       threshold and for the arm hops after; in the cascade the log-mel stage computes only the
 *       screen's frames, and only on hops the schedule says are due;
 *   <li>{@code log-mel-confirm} (cascade only): function stage computing the frames of the keyword
 *       model's window ({@link KeywordChain.Settings#lookBack()} hops older) still missing; gate:
 *       escalate when it computed them;
 *   <li>{@code keyword}: the keyword model on those features (the final tier).
 * </ul>
 *
 * <p>The caller pushes each chunk into {@link #history()} and then into {@link #runner()}; the
 * runner's event test records a detection (best keyword ≥ the keyword threshold, one per second).
 */
final class KeywordPipeline implements AutoCloseable {
  static final String ENERGY = "energy";
  static final String VAD = "vad";
  static final String ORACLE = "oracle";
  static final String FEATURES = "log-mel";
  static final String KEYWORD = "keyword";
  static final String SCREEN = "screen";
  /** The cascade's log-mel frames of the keyword model's window the screen did not read (counted as log-mel). */
  static final String CONFIRM_FEATURES = "log-mel-confirm";
  private static final int WINDOW = SileroVad.CONTEXT + SileroVad.CHUNK;

  private final LogMelHistory history = new LogMelHistory();
  /** The keyword model's input (in the cascade, the window {@code lookBack} hops before the screen's). */
  private final float[] features = new float[LogMel.FRAMES * LogMel.MELS];
  private final List<KeywordChain.Detection> detections = new ArrayList<>();
  private final TieredInferencePipeline<float[]> pipeline;
  private final StreamRunner<float[]> runner;
  private final KeywordChain.Settings settings;
  private final List<AudioStream.Keyword> truth;
  private int truthCursor;
  private long refractoryUntil = -1;

  KeywordPipeline(KeywordChain.Gate gate, KeywordChain.Settings s, Model vad, Model keyword, Model small,
      EnergyMeter meter, List<AudioStream.Keyword> truth) {
    this.settings = s;
    this.truth = truth;
    var b = TieredInferencePipeline.<float[]>builder();
    boolean cascade = gate == KeywordChain.Gate.CASCADE;
    int lookBack = cascade ? s.lookBack() : 0;
    if ((long) lookBack * SileroVad.CHUNK > LogMelHistory.MAX_BACK) {
      throw new IllegalArgumentException("screen hop " + s.screenHop() + " looks back " + lookBack
          + " chunks, more than the log-mel history keeps (" + LogMelHistory.MAX_BACK / SileroVad.CHUNK + ")");
    }
    ScreenSchedule screen = cascade ? new ScreenSchedule(s.cascadeThreshold(), s.armHops(), s.screenHop()) : null;
    switch (gate) {
      // the cascade's energy hang-over is longer by the look-back, so the keyword model's older window
      // still ends in it
      case ENERGY, CASCADE -> b.tier(energyTier(s)).gate(trigger(0.5, s.energyHangoverChunks() + lookBack));
      case VAD -> b.tier(vadTier(vad, SkipPolicy.keep())).gate(trigger(s.vadThreshold(), s.vadHangoverChunks()));
      case ENERGY_VAD -> b.tier(energyTier(s)).gate(trigger(0.5, s.energyHangoverChunks()))
          .tier(vadTier(vad, skipPolicy(s))).gate(trigger(s.vadThreshold(), s.vadHangoverChunks()));
      case ORACLE -> b.tier(tier(ORACLE, Stage.floats(ORACLE, WINDOW, "overlaps", 2, (in, out) -> twoWay(out,
          overlapsKeyword(history.position()))))).gate(trigger(0.5, 0));
      case EVERY_FRAME -> { }
    }
    if (cascade) {
      screenTiers(b, s, small, screen, (long) lookBack * SileroVad.CHUNK);
    } else {
      b.tier(tier(FEATURES, Stage.floats(FEATURES, WINDOW, "ready", 2, (in, out) -> twoWay(out,
          history.position() / SileroVad.CHUNK % s.hopChunks() == 0 && history.features(features))))).gate(trigger(0.5, 0));
    }
    b.tier(Tier.<float[]>builder(KEYWORD).stage(Stage.of(keyword))
        .input((window, tensors) -> tensors[0].put(features)).scores(ScoreReader.probabilities("probs")).build());
    // the default metering: the log-mel stage's runs are bimodal (a few hundred ns when the screen is not
    // due, tens of µs to ms when it computes frames); the wall-clock default charges such a stage's long
    // windows as work once a measured one was busy (on the 1 h test stream: 0.38 J/h, every run 0.37)
    this.pipeline = b.meter(meter).build();
    int last = pipeline.tiers().size() - 1;
    this.runner = StreamRunner.audio(pipeline, LogMel.SAMPLE_RATE, SileroVad.CHUNK, SileroVad.CONTEXT)
        .event(r -> r.tier() == last && detect(r)).build();
  }

  /**
   * The cascade's middle: log-mel for the screen's frames only (every stride-th for a screen reading
   * fewer than 49) on the hops its schedule makes due, the screen, then the keyword model's window
   * ({@code back} samples older) once the screen fired.
   */
  private void screenTiers(TieredInferencePipeline.Builder<float[]> b, KeywordChain.Settings s, Model screenModel,
      ScreenSchedule schedule, long back) {
    if (screenModel == null) {
      throw new IllegalArgumentException("the cascade needs a small keyword model to screen with");
    }
    int frames = KeywordSpotter.framesOf(screenModel);
    int stride = LogMelHistory.stride(frames);
    float[] screened = new float[frames * LogMel.MELS];
    b.tier(tier(FEATURES, Stage.floats(FEATURES, WINDOW, "ready", 2, (in, out) -> {
      long chunks = history.position() / SileroVad.CHUNK;
      twoWay(out, chunks % s.hopChunks() == 0 && schedule.due(chunks) && LogMelHistory.ready(history.position() - back)
          && history.strided(screened, history.position(), stride, frames));
    }))).gate(trigger(0.5, 0));
    b.tier(Tier.<float[]>builder(SCREEN).stage(Stage.of(screenModel)).input((window, tensors) -> tensors[0].put(screened))
        .scores(bestKeyword(ScoreReader.probabilities("probs"))).build()).gate(schedule);
    b.tier(tier(CONFIRM_FEATURES, Stage.floats(CONFIRM_FEATURES, WINDOW, "ready", 2,
        (in, out) -> twoWay(out, history.features(features, history.position() - back))))).gate(trigger(0.5, 0));
  }

  private static Tier<float[]> energyTier(KeywordChain.Settings s) {
    return tier(ENERGY, EnergyGate.stage(SileroVad.CONTEXT, SileroVad.CHUNK, s.energyDbfs()));
  }

  /** Silero VAD v5 as a stateful stage: the setup a user writes, no wrapper class. */
  private static Tier<float[]> vadTier(Model silero, SkipPolicy onSkip) {
    Stage stage = Stage.model(silero).shape("input", 1, WINDOW).shape("state", 2, 1, 128)
        .constant("sr", LogMel.SAMPLE_RATE).state("stateN", "state").onSkip(onSkip).build();
    return Tier.<float[]>builder(VAD).stage(stage).input(InputBinder.floats()).scores(ScoreReader.binary("output"))
        .build();
  }

  /** [1 - p, p] with p the best keyword class's probability (classes 2..5) read by {@code probs}. */
  private static ScoreReader bestKeyword(ScoreReader probs) {
    return model -> {
      ScoreReader.Bound all = probs.bind(model);
      float[] p = new float[all.classCount()];
      return new ScoreReader.Bound() {
        @Override
        public int classCount() {
          return 2;
        }

        @Override
        public void read(io.edgeenergy.model.Tensor[] outputs, float[] dst) {
          all.read(outputs, p);
          float best = p[KeywordSpotter.bestKeyword(p)];
          dst[0] = 1 - best;
          dst[1] = best;
        }
      };
    };
  }

  private static Tier<float[]> tier(String name, Stage stage) {
    return Tier.<float[]>builder(name).stage(stage).input(InputBinder.floats())
        .scores(ScoreReader.probabilities(stage.model().signature().outputs().get(0).name())).build();
  }

  private static SkipPolicy skipPolicy(KeywordChain.Settings s) {
    return switch (s.resume()) {
      case KEEP -> SkipPolicy.keep();
      case RESET -> SkipPolicy.reset();
      case REPRIME -> SkipPolicy.reprime(s.reprimeChunks());
    };
  }

  /** Escalates while class 1 is at or above {@code on}, and {@code hangover} runs after. */
  private static GatePolicy trigger(double on, int hangover) {
    return GatePolicy.classTrigger(1, on, on, hangover);
  }

  private static void twoWay(float[] out, boolean yes) {
    out[0] = yes ? 0f : 1f;
    out[1] = yes ? 1f : 0f;
  }

  /** Whether the second of audio ending at {@code end} overlaps a true keyword. */
  private boolean overlapsKeyword(long end) {
    while (truthCursor < truth.size() && truth.get(truthCursor).end() <= end - LogMel.CLIP) {
      truthCursor++;
    }
    return truthCursor < truth.size() && truth.get(truthCursor).start() < end;
  }

  /** The event test: the best keyword reached the threshold; records a detection outside the refractory second. */
  private boolean detect(InferenceResult r) {
    if (!r.hasAnswer()) {
      return false;
    }
    FloatBuffer p = r.outputs().floats("probs");
    int best = 2;
    for (int k = 3; k < KeywordSpotter.CLASSES.size(); k++) {
      best = p.get(k) > p.get(best) ? k : best;
    }
    if (p.get(best) < settings.keywordThreshold()) {
      return false;
    }
    long end = history.position();
    if (end >= refractoryUntil) {
      detections.add(new KeywordChain.Detection(end, KeywordSpotter.CLASSES.get(best)));
      refractoryUntil = end + LogMel.CLIP;
    }
    return true;
  }

  LogMelHistory history() {
    return history;
  }

  StreamRunner<float[]> runner() {
    return runner;
  }

  List<KeywordChain.Detection> detections() {
    return detections;
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
