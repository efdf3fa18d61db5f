package io.edgeenergy.cli;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.meter.MeterDetection;
import java.io.PrintWriter;

/**
 * The "Meter: …" line every measuring command prints first, so a reader of any command's output
 * (and the tests that read it) sees the meter in one format: name, quality, description.
 */
final class MeterLine {
  private MeterLine() {}

  /** Prints {@code Meter: NAME (QUALITY) - DESCRIPTION}. */
  static void print(PrintWriter out, EnergyMeter meter) {
    out.println("Meter: " + meter.name() + " (" + meter.quality() + ") - " + meter.description());
  }

  /** Prints the detected meter's line, then why it was chosen (indented, one reason a line). */
  static void print(PrintWriter out, MeterDetection detection) {
    print(out, detection.meter());
    detection.explanation().forEach(line -> out.println("  " + line));
  }
}
