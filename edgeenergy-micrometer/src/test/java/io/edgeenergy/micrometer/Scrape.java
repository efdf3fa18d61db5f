package io.edgeenergy.micrometer;

import java.util.Arrays;
import java.util.List;

/** Reads one sample out of Prometheus text exposition format, as a scraper would. */
final class Scrape {
  private Scrape() {}

  /** The value of the single {@code metric} line whose labels contain every one of {@code labels}. */
  static double value(String scrape, String metric, String... labels) {
    List<String> lines = scrape.lines()
        .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
        .filter(l -> Arrays.stream(labels).allMatch(l::contains)).toList();
    if (lines.size() != 1) {
      throw new AssertionError("expected one " + metric + " line with " + Arrays.toString(labels) + ", found "
          + lines + " in:\n" + scrape);
    }
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
