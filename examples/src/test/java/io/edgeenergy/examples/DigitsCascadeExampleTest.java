package io.edgeenergy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's example must keep running on the shipped models. */
class DigitsCascadeExampleTest {
  @Test
  void runsOnAllDigitsAndReportsEstimatedEnergy() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      DigitsCascadeExample.main(new String[] {"../models/digits"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("1797 images").contains("escalated to the big model").contains("ESTIMATED");
    double accuracy = Double.parseDouble(out.replaceAll("(?s).*images, ([0-9.]+) % correct.*", "$1"));
    assertThat(accuracy).isGreaterThan(97.0);
  }
}
