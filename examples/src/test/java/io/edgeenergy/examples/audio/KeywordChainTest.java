package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Power;
import io.edgeenergy.model.Model;
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
  private static final KeywordChain.Settings SETTINGS = new KeywordChain.Settings(0.8, 1, 0.3, 10, -45, 3,
      KeywordChain.VadResume.REPRIME, 3);

  @BeforeAll
  static void load() {
    vad = AudioTestData.load("silero_vad_16k_op15.onnx");
    keyword = AudioTestData.load("keyword_dscnn.onnx");
  }

  @AfterAll
  static void close() {
    vad.close();
    keyword.close();
  }

  @Test
  void gatedChainsRunTheKeywordModelLessAndTheReplayAgreesWithTheRealRun() {
    AudioStream s = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 11, Duration.ofMinutes(3));
    KeywordChain.Run every = KeywordChain.run(s, KeywordChain.Gate.EVERY_FRAME, SETTINGS, vad, keyword);
    KeywordChain.Run gated = KeywordChain.run(s, KeywordChain.Gate.ENERGY_VAD, SETTINGS, vad, keyword);
    KeywordChain.Run oracle = KeywordChain.run(s, KeywordChain.Gate.ORACLE, SETTINGS, vad, keyword);
    long chunks = s.length() / SileroVad.CHUNK;
    assertThat(every.stages().get(3).calls()).isEqualTo(chunks - 30); // every chunk once 49 frames are buffered
    assertThat(gated.stages().get(0).calls()).isEqualTo(chunks);     // the energy gate sees every chunk
    assertThat(gated.stages().get(1).calls()).isLessThan(chunks / 2); // the VAD far fewer
    assertThat(gated.stages().get(3).calls()).isLessThan(every.stages().get(3).calls() / 3);
    assertThat(oracle.stages().get(3).calls()).isLessThan(gated.stages().get(3).calls());
    ChainScore everyScore = ChainScore.of(every, s, Power.ofWatts(1));
    assertThat(everyScore.keywords()).isEqualTo(3);

    ChainTrace trace = ChainTrace.record(s, vad, keyword);
    ChainScore replayed = ChainReplay.replay(trace, KeywordChain.Gate.EVERY_FRAME, SETTINGS, Power.ofWatts(1));
    assertThat(replayed.hits()).isEqualTo(everyScore.hits());
    assertThat(replayed.falseAccepts()).isEqualTo(everyScore.falseAccepts());
  }

  @Test
  void nanChunksAreCountedAndReplacedBySilenceNotFedToTheVad() {
    AudioStream clean = StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, 5, Duration.ofSeconds(40));
    List<AudioStream.Item> items = new ArrayList<>();
    float[] nan = new float[SileroVad.CHUNK * 3];
    java.util.Arrays.fill(nan, Float.NaN);
    items.add(new AudioStream.Item("noise", "nan", nan, 16_000, 16_000 + nan.length, 0, 1f));
    AudioStream broken = new AudioStream(items, clean.keywords(), new float[] {0f}, 0, 1f, clean.length(), "nan");
    KeywordChain.Run r = KeywordChain.run(broken, KeywordChain.Gate.VAD, SETTINGS, vad, keyword);
    assertThat(r.skippedChunks()).isBetween(3L, 4L); // 3 chunks' worth, maybe straddling 4
    assertThat(r.detections()).isEmpty();
  }
}
