package io.edgeenergy.runtime.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Raspberry Pi 5 {@code vcgencmd pmic_read_adc} output: one channel a line,
 * {@code <RAIL>_A current(<n>)=<amps>A} or {@code <RAIL>_V volt(<n>)=<volts>V}, names right-aligned
 * with leading spaces, values with 8 decimals (e.g. {@code   VDD_CORE_A current(7)=6.22421000A}). The
 * channel numbers of a rail's current and voltage differ (7 and 15 for VDD_CORE), so rails pair by
 * name. Lines may also be NUL-separated (the mailbox returns one blob). A line that does not match,
 * whose unit disagrees with its kind, or whose value is negative, not a number or above
 * {@link #MAX_VALUE} (1000 A or 1000 V: no PMIC rail comes near, and it keeps A × V within a long), is
 * skipped and counted as malformed.
 */
public final class PmicAdcParser {
  private static final Pattern LINE = Pattern.compile(
      "^\\s*([A-Za-z0-9_]+)_([AV])\\s+(current|volt)\\((\\d+)\\)=([0-9]+(?:\\.[0-9]+)?)([AV])\\s*$");

  /** The largest channel value taken, in µA or µV: 1000 A or 1000 V (a Pi 5 rail is at most ~10 A, 5.1 V). */
  public static final long MAX_VALUE = 1_000_000_000L;

  private PmicAdcParser() {}

  /** One parse: channels in µA and µV by rail name, and the lines that did not parse. */
  public record Reading(Map<String, Long> microamps, Map<String, Long> microvolts, List<String> malformed) {
    public Reading {
      microamps = Collections.unmodifiableMap(new TreeMap<>(microamps));
      microvolts = Collections.unmodifiableMap(new TreeMap<>(microvolts));
      malformed = List.copyOf(malformed);
    }

    /** Rails with both a current and a voltage channel, sorted. */
    public List<String> pairedRails() {
      List<String> out = new ArrayList<>();
      for (String rail : microamps.keySet()) {
        if (microvolts.containsKey(rail)) {
          out.add(rail);
        }
      }
      return out;
    }

    /** Rails with a voltage but no current channel (on a Pi 5: EXT5V, BATT). */
    public List<String> voltageOnlyRails() {
      List<String> out = new ArrayList<>();
      for (String rail : microvolts.keySet()) {
        if (!microamps.containsKey(rail)) {
          out.add(rail);
        }
      }
      return out;
    }

    /** One rail's power in µW (µA × µV / 1e6, rounded down). */
    public long railMicrowatts(String rail) {
      return Math.multiplyExact(microamps.get(rail), microvolts.get(rail)) / 1_000_000L;
    }

    /** The sum of {@link #railMicrowatts} over {@link #pairedRails}. */
    public long totalMicrowatts() {
      long sum = 0;
      for (String rail : pairedRails()) {
        sum = Math.addExact(sum, railMicrowatts(rail));
      }
      return sum;
    }
  }

  public static Reading parse(String output) {
    Map<String, Long> amps = new TreeMap<>();
    Map<String, Long> volts = new TreeMap<>();
    List<String> malformed = new ArrayList<>();
    for (String line : output.split("[\\n\\r\\x00]+")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        malformed.add(line.strip());
        continue;
      }
      String rail = m.group(1);
      boolean current = m.group(2).equals("A");
      if (current != m.group(3).equals("current") || !m.group(2).equals(m.group(6))) {
        malformed.add(line.strip());
        continue;
      }
      long micro;
      try {
        micro = new BigDecimal(m.group(5)).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        malformed.add(line.strip());
        continue;
      }
      if (micro > MAX_VALUE) {
        // a fuzzed 8.6e12 A overflowed A × V (found by RuntimeParsersFuzzTest#pmicAdc)
        malformed.add(line.strip());
        continue;
      }
      (current ? amps : volts).put(rail, micro);
    }
    return new Reading(amps, volts, malformed);
  }
}
