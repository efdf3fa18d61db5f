package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAssemblerTest {
  private static AudioStream build(long seed, int minutes) {
    return StreamAssembler.build(AudioTestData.pool(), ClipPool.Split.TEST, seed, Duration.ofMinutes(minutes));
  }

  private static float[] read(AudioStream s, long from, int n) {
    float[] x = new float[n];
    s.read(from, x);
    return x;
  }

  @Test
  void sameSeedSameStreamOtherSeedOtherStream() {
    AudioStream a = build(7, 10);
    AudioStream b = build(7, 10);
    AudioStream c = build(8, 10);
    assertThat(a.keywords()).isEqualTo(b.keywords()).isNotEqualTo(c.keywords());
    long mid = a.keywords().get(a.keywords().size() / 2).start();
    assertThat(read(a, mid, 4096)).containsExactly(read(b, mid, 4096));
    assertThat(a.description()).isEqualTo(b.description());
  }

  @Test
  void tenMinutesHoldTheStatedMixAndIsolatedKeywords() {
    AudioStream s = build(3, 10);
    assertThat(s.length()).isEqualTo(10 * 60 * 16_000L);
    assertThat(s.keywords()).hasSize(10); // 60 per hour
    assertThat(s.description()).contains("speech 15.").contains("loud noise 10.").contains("10 keywords");
    List<AudioStream.Keyword> k = s.keywords();
    for (int i = 1; i < k.size(); i++) {
      assertThat(k.get(i).start() - k.get(i - 1).end()).isGreaterThanOrEqualTo(2 * 16_000L);
    }
    // a keyword is louder than the room tone around it
    AudioStream.Keyword first = k.get(0);
    double word = EnergyGate.dbfs(read(s, first.start(), (int) (first.end() - first.start())));
    double before = EnergyGate.dbfs(read(s, first.start() - 8_000, 4_000));
    assertThat(word).isGreaterThan(-30);
    assertThat(before).isLessThan(-45);
  }

  @Test
  void keywordsAreSpokenByTestVoicesOnly() {
    assertThat(AudioTestData.pool().of("keyword", ClipPool.Split.TEST))
        .allMatch(c -> c.voice().startsWith("en-029") || c.voice().startsWith("en-gb-scotland"));
    assertThat(AudioTestData.pool().of("keyword", ClipPool.Split.VALIDATION))
        .allMatch(c -> c.voice().startsWith("en-gb-x-gbcwmd"));
  }
}
