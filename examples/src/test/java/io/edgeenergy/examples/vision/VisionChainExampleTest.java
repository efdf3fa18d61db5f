package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's vision example keeps running on the shipped models and finds the visitors. */
class VisionChainExampleTest {
  @Test
  void findsMostVisitsAtAFewJoulesPerHour() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      VisionChainExample.main(new String[] {"../models/vision"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    var m = java.util.regex.Pattern.compile("(\\d+) of (\\d+) visits found.* back 256 on (\\d+); ([0-9.]+) J/h ESTIMATED")
        .matcher(out);
    assertThat(m.find()).as(out).isTrue();
    int found = Integer.parseInt(m.group(1));
    int visits = Integer.parseInt(m.group(2));
    assertThat(visits).isPositive();
    assertThat(found).as(out).isGreaterThanOrEqualTo(visits - 1);
    // a keyframe every 8 frames and the back model's re-checks cost ~70-100 J/h here (more under CPU contention,
    // which the estimator charges)
    assertThat(Double.parseDouble(m.group(4))).as("J/h, against ~360-400 for the back model on every frame").isLessThan(160);
  }
}
