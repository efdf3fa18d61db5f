package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The example runs end to end on two-minute streams (CI's short form of the one-hour evaluation). */
class AudioKeywordChainExampleTest {
  @Test
  void printsEveryChainAndTheCascadeWithEstimatedEnergy() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AudioKeywordChainExample.main(new String[] {"../models/audio", "2", "keyword_dscnn.onnx"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("keyword model every frame").contains("VAD -> keyword").contains("energy -> VAD -> keyword")
        .contains("energy -> screen -> keyword").contains("oracle gate").contains("ESTIMATED")
        .contains("calibrated on validation");
  }
}
