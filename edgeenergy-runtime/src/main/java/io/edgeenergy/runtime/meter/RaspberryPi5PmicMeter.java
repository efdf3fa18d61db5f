package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.runtime.internal.PmicAdcParser;
import io.edgeenergy.runtime.internal.PmicCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Raspberry Pi 5 board power from its PMIC's ADC ({@code vcgencmd pmic_read_adc}), integrated by a
 * {@link SampledPowerMeter}; quality MEASURED, domain {@link EnergyDomain#BOARD}.
 *
 * <p><b>What is summed:</b> every rail that has both a current ({@code <RAIL>_A}) and a voltage
 * ({@code <RAIL>_V}) channel, paired by name, power = A × V: on a Pi 5 the 12 rails 3V7_WL_SW, 3V3_SYS,
 * 1V8_SYS, DDR_VDD2, DDR_VDDQ, 1V1_SYS, 0V8_SW, VDD_CORE, 3V3_DAC, 3V3_ADC, 0V8_AON and HDMI (rails a
 * future firmware adds are summed too; the description lists the rails seen).
 *
 * <p><b>What is not:</b> {@code EXT5V_V}, the 5 V input, has a voltage but no current channel, so the
 * board's input power cannot be measured and is not estimated; the sum covers the PMIC's outputs only
 * and misses the PMIC's own conversion losses, USB-port and fan loads and HATs fed from 5 V. It reads
 * below a USB-C power meter, typically by 1-3 W. {@code BATT_V} (the RTC cell) has no current either.
 *
 * <p><b>Cost:</b> each sample spawns {@code vcgencmd}, which takes milliseconds of CPU, so the default
 * period is {@link #DEFAULT_PERIOD} (200 ms) and the builder refuses less than {@link #MIN_PERIOD}
 * (100 ms); loads shorter than a few periods are smeared.
 */
public final class RaspberryPi5PmicMeter extends SensorMeter {
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(200);
  public static final Duration MIN_PERIOD = Duration.ofMillis(100);
  public static final String NAME = "rpi5-pmic";

  /** Runs {@code vcgencmd pmic_read_adc} and returns its standard output; tests pass fixture text. */
  @FunctionalInterface
  public interface AdcCommand {
    String run() throws IOException;
  }

  private static final String KIND = "Raspberry Pi 5 PMIC";

  private final PmicSource source;

  private RaspberryPi5PmicMeter(AdcCommand command, String commandLabel, Ticker ticker, Duration period) {
    this(new PmicSource(command, commandLabel), ticker, period);
  }

  private RaspberryPi5PmicMeter(PmicSource source, Ticker ticker, Duration period) {
    super(NAME, EnergyDomain.BOARD, KIND, source, ticker, period);
    this.source = source;
  }

  private RaspberryPi5PmicMeter(Availability unavailable) {
    super(NAME, EnergyDomain.BOARD, KIND, unavailable);
    this.source = null;
  }

  /**
   * The meter over the real {@code vcgencmd} found on {@code PATH} (or in /usr/bin); unavailable, with
   * the reason, when there is no {@code vcgencmd} or its output has no current+voltage rail pair (a
   * Pi 4 or older, whose firmware has no {@code pmic_read_adc}).
   */
  public static RaspberryPi5PmicMeter probe() {
    return probe(Ticker.system(), DEFAULT_PERIOD);
  }

  public static RaspberryPi5PmicMeter probe(Ticker ticker, Duration period) {
    return PmicCommand.find()
        .map(exe -> with(PmicCommand.runner(exe), exe + " pmic_read_adc", ticker, period))
        .orElseGet(() -> new RaspberryPi5PmicMeter(Availability.unavailable(
            "vcgencmd not found on PATH or in /usr/bin (not Raspberry Pi OS, or not a Raspberry Pi)")));
  }

  /** A meter over another command runner, e.g. fixture text in a test or {@code ssh pi vcgencmd ...}. */
  public static RaspberryPi5PmicMeter with(AdcCommand command, String label, Ticker ticker, Duration period) {
    Objects.requireNonNull(command, "command");
    if (period.compareTo(MIN_PERIOD) < 0) {
      throw new IllegalArgumentException("vcgencmd costs milliseconds per call: period must be >= "
          + MIN_PERIOD.toMillis() + " ms, was " + period.toMillis() + " ms");
    }
    return new RaspberryPi5PmicMeter(command, label, ticker, period);
  }

  /** Starts the sampler thread; returns this. Does nothing on an unavailable meter. */
  public RaspberryPi5PmicMeter start() {
    startSampler();
    return this;
  }

  /** Rails summed in the last good sample. */
  public List<String> rails() {
    return source == null ? List.of() : source.rails;
  }

  private static final class PmicSource implements PowerSource {
    private final AdcCommand command;
    private final String label;
    private volatile List<String> rails = List.of();
    private volatile String inputVolts = "not read";
    private volatile int malformed;

    PmicSource(AdcCommand command, String label) {
      this.command = command;
      this.label = label;
    }

    @Override
    public long readMicrowatts() throws IOException {
      String out = command.run();
      if (out == null) {
        throw new IOException("no output");
      }
      PmicAdcParser.Reading r = PmicAdcParser.parse(out);
      List<String> paired = r.pairedRails();
      if (paired.isEmpty()) {
        throw new IOException("output has no rail with both a current and a voltage channel"
            + (r.malformed().isEmpty() ? "" : "; first unparsed line: '" + abbreviate(r.malformed().get(0)) + "'"));
      }
      rails = List.copyOf(paired);
      malformed = r.malformed().size();
      Long ext5v = r.microvolts().get("EXT5V");
      inputVolts = ext5v == null ? "no EXT5V_V" : String.format(java.util.Locale.ROOT, "EXT5V_V %.3f V", ext5v / 1e6);
      return r.totalMicrowatts();
    }

    @Override
    public String describe() {
      return "Raspberry Pi 5 PMIC ADC via `" + label + "`: sum of " + rails.size() + " output rails (A × V) "
          + rails + "; input power not measured (" + inputVolts + " has no current channel), so PMIC losses, "
          + "USB/fan/HAT 5 V loads are excluded" + (malformed > 0 ? "; " + malformed + " unparsed line(s) skipped" : "");
    }

    private static String abbreviate(String s) {
      return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
  }
}
