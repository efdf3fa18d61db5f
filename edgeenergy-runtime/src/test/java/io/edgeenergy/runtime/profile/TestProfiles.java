package io.edgeenergy.runtime.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A valid two-cluster profile as properties text, and helpers to write variants of it. */
final class TestProfiles {
  static final String GOOD = String.join("\n",
      "# a made-up big.LITTLE board",
      "name = test-board",
      "source = made up for tests: \\",
      "  no real device",
      "baseMilliwatts = 1500",
      "nominalVolts = 3.7",
      "clusters = little, big",
      "cluster.little.cores = 4",
      "cluster.little.activeMilliwatts.600000 = 100",
      "cluster.little.activeMilliwatts.1800000 = 400",
      "cluster.big.cores = 2",
      "cluster.big.activeMilliwatts.1000000 = 500",
      "cluster.big.activeMilliwatts.2000000 = 1500.5",
      "cluster.big.activeMilliwatts.3000000 = 3500",
      "");

  private TestProfiles() {}

  static Path write(Path dir, String fileName, String text) throws IOException {
    Path file = dir.resolve(fileName);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** {@link #GOOD} with the line starting {@code key =} replaced by {@code key = value}. */
  static String with(String key, String value) {
    return replaceLine(key, key + " = " + value);
  }

  /** {@link #GOOD} without the line of {@code key}. */
  static String without(String key) {
    return replaceLine(key, "");
  }

  private static String replaceLine(String key, String replacement) {
    StringBuilder out = new StringBuilder();
    boolean found = false;
    for (String line : GOOD.split("\n", -1)) {
      if (line.startsWith(key + " =")) {
        out.append(replacement).append('\n');
        found = true;
      } else {
        out.append(line).append('\n');
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no line for " + key);
    }
    return out.toString();
  }
}
