package io.edgeenergy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The per-tier hints example runs on this machine's real hints and thermal zones (none here). */
class TieredHintsExampleTest {
  @Test
  void runsWithRealHintsAndSaysWhatTheLatencyLoopChose() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TieredHintsExample.main(new String[] {"../models/digits"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("Thermal headroom (1.0 = throttling): ").contains("1797 images")
        .contains("big tier: TargetLatencyController[target PT0.001S")
        .containsPattern("(?m)^  BURST: [0-9]+ runs, [0-9]+ misses, mean [0-9.]+ µs, .* per run$")
        .containsPattern("Hints applied|No hint applied on this device");
  }
}
