package io.edgeenergy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.testkit.SysfsTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DvfsHintsExampleTest {
  private static String run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      DvfsHintsExample.main(args);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsOnThisMachineAndSaysWhatApplied() {
    String out = run();
    assertThat(out).contains("Hint mechanisms here (best first):").contains("  uclamp: ").contains("  affinity: ");
    for (String level : new String[] {"LOW", "EFFICIENT", "BALANCED", "BURST"}) {
      assertThat(out).containsPattern("(?m)^" + level + " +[0-9.]+ ms wall");
    }
    assertThat(out).containsPattern("Hints applied|No hint applied on this device");
  }

  @Test
  void onACopyOfARaspberryPi5ItCapsTheClockAndPutsItBack(@TempDir Path sys, @TempDir Path journal) throws IOException {
    SysfsTree.at(sys).load("cpufreq-raspberrypi5-cpufreq-dt.txt");
    String out = run(sys.toString(), journal.toString());
    assertThat(out).contains("cpufreq:policy0 applied: scaling_min_freq 1500000->1500000, scaling_max_freq 2400000->1500000")
        .contains("Hints applied");
    assertThat(Files.readString(sys.resolve("devices/system/cpu/cpufreq/policy0/scaling_max_freq")).strip()).isEqualTo("2400000");
  }
}
