package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.Model;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.stream.StreamReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chain on a three-minute held-out-voice stream (the CI short form). */
class KeywordChainTest {
  private static Model vad;
  private static Model keyword;
  private static Model small;
  private static EnergyMeter meter;
  private static final KeywordChain.Settings SETTINGS = new KeywordChain.Settings(0.8, 1, 0.3, 10, -45, 3,
      KeywordChain.VadResume.REPRIME, 3, 0.1);

  @BeforeAll
  static void load() {
    vad = AudioTestData.load("silero_vad_16k_op15.onnx");
    keyword = AudioTestData.load("keyword_dscnn.onnx");
    small = AudioTestData.load("keyword_dscnn_small.onnx");
    meter = EnergyMeters.estimator(PowerProfile.builtIn(PowerProfile.RASPBERRY_PI_5));
  }

  @AfterAll
  static void close() {
    vad.close();
    keyword.close();
    small.close();
    meter.close();
  }

  @Test
  void gatedChainsRunTheKeywordModelLessAndTheReplayAgreesWithTheRealRun() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(3));
    KeywordChain.Run every = KeywordChain.run(s, KeywordChain.Gate.EVERY_FRAME, SETTINGS, vad, keyword, meter);
    KeywordChain.Run gated = KeywordChain.run(s, KeywordChain.Gate.ENERGY_VAD, SETTINGS, vad, keyword, meter);
    KeywordChain.Run oracle = KeywordChain.run(s, KeywordChain.Gate.ORACLE, SETTINGS, vad, keyword, meter);
    long chunks = s.length() / SileroVad.CHUNK;
    assertThat(every.calls()[3]).isEqualTo(chunks - 30);        // every chunk once 49 frames are buffered
    assertThat(gated.calls()[0]).isEqualTo(chunks);             // the energy gate sees every chunk
    assertThat(gated.calls()[1]).isLessThan(chunks / 2);        // the VAD far fewer
    assertThat(gated.calls()[3]).isLessThan(every.calls()[3] / 3);
    assertThat(oracle.calls()[3]).isLessThan(gated.calls()[3]);
    // joules come from the pipeline's ledger, stage by stage, and the report says they are estimated
    assertThat(every.report().quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(every.joules()[3]).isGreaterThan(gated.joules()[3]).isGreaterThan(0);
    assertThat(gated.joules()[0]).isGreaterThan(0).isLessThan(gated.joules()[1]);
    assertThat(every.report().stages()).extracting(StreamReport.StageDuty::tier).containsExactly("log-mel", "keyword");
    ChainScore everyScore = ChainScore.of(every, s);
    assertThat(everyScore.keywords()).isEqualTo(3);
  }

  /** The calibration replay makes the live pipeline's decisions, detection for detection and call for call. */
  @Test
  void replayAgreesWithTheLivePipelineForEveryExactConfiguration() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(2));
    ChainTrace trace = ChainTrace.record(s, vad, keyword, small);
    KeywordChain.Settings loose = new KeywordChain.Settings(0.5, 2, 0.3, 5, -40, 3, KeywordChain.VadResume.REPRIME, 3,
        0.02);
    KeywordChain.Settings strictScreen = SETTINGS.withGates(new double[] {0.3, 10, -45, 3, 0.5});
    // the screen every 4th and every 8th hop, armed 3 and 15 hops, the keyword model looking back 3 and 7
    KeywordChain.Settings sparseScreen = SETTINGS.withGates(new double[] {0.3, 10, -45, 20, 0.3, 4, 3});
    KeywordChain.Settings sparserScreen = loose.withGates(new double[] {0.3, 10, -45, 10, 0.1, 8, 15});
    for (KeywordChain.Settings settings : List.of(SETTINGS, loose, strictScreen, sparseScreen, sparserScreen)) {
      for (KeywordChain.Gate g : List.of(KeywordChain.Gate.EVERY_FRAME, KeywordChain.Gate.VAD, KeywordChain.Gate.ENERGY,
          KeywordChain.Gate.CASCADE, KeywordChain.Gate.ORACLE)) {
        KeywordChain.Run live = KeywordChain.run(s, g, settings, vad, keyword, small, meter);
        ChainScore replayed = ChainReplay.replay(trace, g, settings, Power.ofWatts(1));
        ChainScore real = ChainScore.of(live, s);
        assertThat(replayed.hits()).as("%s %s hits", g, settings).isEqualTo(real.hits());
        assertThat(replayed.falseAccepts()).as("%s %s false accepts", g, settings).isEqualTo(real.falseAccepts());
        assertThat(replayed.latenciesMs()).as("%s %s latencies", g, settings).containsExactly(real.latenciesMs());
        assertThat(ChainReplay.calls(trace, g, settings)).as("%s %s calls", g, settings).containsExactly(live.calls());
      }
    }
  }

  /**
   * A screen reading every other frame ({@code keyword_screen.onnx}, 24 frames): until it fires the chain
   * computes only those frames, about half of what a 49-frame screen needs, and the replay makes the
   * live pipeline's decisions, frames included.
   */
  @Test
  void aScreenOnEveryOtherFrameComputesOnlyThoseUntilItFiresAndTheReplayAgrees() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(2));
    try (Model strided = AudioTestData.load("keyword_screen.onnx")) {
      ChainTrace trace = ChainTrace.record(s, vad, keyword, strided);
      assertThat(trace.screenFrames()).isEqualTo(24);
      KeywordChain.Settings never = SETTINGS.withGates(new double[] {0.3, 10, -45, 20, 1.0, 1, 0});
      KeywordChain.Run half = KeywordChain.run(s, KeywordChain.Gate.CASCADE, never, vad, keyword, strided, meter);
      KeywordChain.Run whole = KeywordChain.run(s, KeywordChain.Gate.CASCADE, never, vad, keyword, small, meter);
      assertThat(half.calls()[3]).as("the keyword model never runs").isZero();
      assertThat(half.calls()[4]).isEqualTo(whole.calls()[4]).isPositive();
      assertThat(half.calls()[2]).isBetween(whole.calls()[2] * 45 / 100, whole.calls()[2] * 55 / 100);
      for (double[] gates : List.of(new double[] {0.3, 10, -45, 20, 0.3, 1, 0}, new double[] {0.3, 10, -45, 20, 0.1, 4, 3},
          new double[] {0.3, 10, -45, 10, 0.05, 8, 7})) {
        KeywordChain.Settings settings = SETTINGS.withGates(gates);
        KeywordChain.Run live = KeywordChain.run(s, KeywordChain.Gate.CASCADE, settings, vad, keyword, strided, meter);
        ChainScore replayed = ChainReplay.replay(trace, KeywordChain.Gate.CASCADE, settings, Power.ofWatts(1));
        ChainScore real = ChainScore.of(live, s);
        assertThat(live.calls()[3]).as("%s keyword runs", settings).isPositive();
        assertThat(replayed.hits()).as("%s hits", settings).isEqualTo(real.hits());
        assertThat(replayed.falseAccepts()).as("%s false accepts", settings).isEqualTo(real.falseAccepts());
        assertThat(replayed.latenciesMs()).as("%s latencies", settings).containsExactly(real.latenciesMs());
        assertThat(ChainReplay.calls(trace, KeywordChain.Gate.CASCADE, settings)).as("%s calls", settings)
            .containsExactly(live.calls());
      }
    }
  }

  /** A model that does not read log-mel frames (here Silero, whose input is audio) is refused as the screen, by name. */
  @Test
  void aScreenThatDoesNotReadLogMelFramesIsRefusedNamingItsInput() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeywordChain.run(s, KeywordChain.Gate.CASCADE, SETTINGS, vad, keyword, vad, meter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads 1 to 49 frames of 40 log-mel values").hasMessageContaining("'input'");
  }

  /** The cascade: the small model screens every loud hop, DS-CNN-S runs only on what it passes, both on one log-mel. */
  @Test
  void theCascadeRunsTheBigModelOnlyWhereTheSmallOneEscalates() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(2));
    KeywordChain.Run energy = KeywordChain.run(s, KeywordChain.Gate.ENERGY, SETTINGS, vad, keyword, small, meter);
    KeywordChain.Run cascade = KeywordChain.run(s, KeywordChain.Gate.CASCADE, SETTINGS, vad, keyword, small, meter);
    assertThat(cascade.calls()[4]).isEqualTo(energy.calls()[3]);            // the screen runs where energy woke
    assertThat(cascade.calls()[2]).isEqualTo(energy.calls()[2]);            // on the same features, computed once
    assertThat(cascade.calls()[3]).isPositive().isLessThan(cascade.calls()[4] / 2);
    assertThat(cascade.report().stages()).extracting(StreamReport.StageDuty::tier)
        .containsExactly("energy", "log-mel", "screen", "log-mel-confirm", "keyword");
    assertThat(cascade.joules()[4]).isPositive();
  }

  /**
   * Screening every 4th hop: the small model runs on about a quarter of the loud hops, the keyword model
   * reads the window 3 hops older (so it sees the hops the screen skipped) and still finds what the
   * every-hop cascade finds on this stream, with the energy gate's hang-over 3 hops longer.
   */
  @Test
  void aSparseScreenRunsOnAFractionOfTheLoudHopsAndTheKeywordModelLooksBackOverTheSkippedOnes() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(2));
    KeywordChain.Settings every = SETTINGS.withGates(new double[] {0.3, 10, -45, 20, 0.3, 1, 0});
    KeywordChain.Settings sparse = SETTINGS.withGates(new double[] {0.3, 10, -45, 20, 0.3, 4, 3});
    assertThat(sparse.lookBack()).isEqualTo(3);
    KeywordChain.Run dense = KeywordChain.run(s, KeywordChain.Gate.CASCADE, every, vad, keyword, small, meter);
    KeywordChain.Run screened = KeywordChain.run(s, KeywordChain.Gate.CASCADE, sparse, vad, keyword, small, meter);
    assertThat(screened.calls()[4]).isLessThan(dense.calls()[4] / 2);      // the screen: well under half the runs
    // joules: below the dense screen's, not below half: a sparse call finds colder caches and, on a loaded
    // machine, per-call CPU time varies 2x (it once measured 0.0318 J against a half of 0.0189)
    assertThat(screened.joules()[4]).isLessThan(dense.joules()[4]);
    assertThat(screened.calls()[3]).isPositive();
    ChainScore d = ChainScore.of(dense, s);
    ChainScore sp = ChainScore.of(screened, s);
    assertThat(d.hits()).isPositive();
    assertThat(sp.hits()).isEqualTo(d.hits());
    // detections come up to 3 hops (96 ms) later: the keyword model reads the older window
    assertThat(sp.latencyMs(0.5)).isBetween(d.latencyMs(0.5), d.latencyMs(0.5) + 3 * 32 + 1);
  }

  /**
   * The calibration's second count: windows on which the keyword model would fire on a true keyword.
   * Every frame sees them all (at least one per keyword it finds); a screen sees fewer the higher its
   * threshold.
   */
  @Test
  void firingWindowsSeenCountsTheKeywordModelsHitWindowsTheScreenLetsThrough() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(2));
    ChainTrace trace = ChainTrace.record(s, vad, keyword, small);
    KeywordChain.Settings strict = SETTINGS.withKeyword(0.8, 1);
    long every = ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.EVERY_FRAME, strict, 0);
    ChainScore everyScore = ChainReplay.replay(trace, KeywordChain.Gate.EVERY_FRAME, strict, Power.ofWatts(1));
    assertThat(every).isGreaterThanOrEqualTo(everyScore.hits()).isPositive();
    long permissive = ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.CASCADE,
        strict.withGates(new double[] {0.3, 10, -60, 31, 0.02, 1, 0}), 0);
    long blind = ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.CASCADE,
        strict.withGates(new double[] {0.3, 10, -20, 3, 0.99, 8, 0}), 0);
    assertThat(permissive).isLessThanOrEqualTo(every).isGreaterThan(blind);
  }

  @Test
  void aScreenHopLookingBackFurtherThanTheLogMelHistoryIsRefusedWhenTheChainIsBuilt() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofSeconds(40));
    KeywordChain.Settings tooSparse = SETTINGS.withGates(new double[] {0.3, 10, -45, 20, 0.3, 16, 15});
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeywordChain.run(s, KeywordChain.Gate.CASCADE, tooSparse, vad, keyword, small, meter))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("screen hop 16")
        .hasMessageContaining("looks back 15 chunks");
  }

  @Test
  void nanChunksAreCountedAndReplacedBySilenceNotFedToTheVad() {
    AudioStream clean = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 5, Duration.ofSeconds(40));
    List<AudioStream.Item> items = new ArrayList<>();
    float[] nan = new float[SileroVad.CHUNK * 3];
    java.util.Arrays.fill(nan, Float.NaN);
    items.add(new AudioStream.Item("noise", "nan", nan, 16_000, 16_000 + nan.length, 0, 1f));
    AudioStream broken = new AudioStream(items, clean.keywords(), new float[] {0f}, 0, 1f, clean.length(), "nan");
    KeywordChain.Run r = KeywordChain.run(broken, KeywordChain.Gate.VAD, SETTINGS, vad, keyword, meter);
    // 3 chunks' worth straddling 4, and the next window's 64 samples of context may hold NaN too
    assertThat(r.skippedChunks()).isBetween(3L, 5L);
    assertThat(r.report().framesSkipped()).isEqualTo(r.skippedChunks());
    assertThat(r.detections()).isEmpty();
  }
}
