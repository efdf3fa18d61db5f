package io.edgeenergy.android;

import android.content.Context;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Android counterpart of the runtime's {@code EnergyMeters.detect()}: tries each meter, best first,
 * keeps the first that counts and explains every choice line by line.
 * <ol>
 *   <li>{@link PowerMonitorMeter} over measured rails (API 35, ODPM): MEASURED, SoC rails;</li>
 *   <li>{@link BatteryManagerMeter}: MEASURED at the battery (whole phone), coarse (gauge refresh 1-60 s);</li>
 *   <li>{@link PowerMonitorMeter} over modelled consumers: ESTIMATED;</li>
 *   <li>otherwise {@link EnergyMeter#unavailable}, with every reason.</li>
 * </ol>
 */
public final class AndroidEnergyMeters {
  private static final Logger LOG = Logger.getLogger(AndroidEnergyMeters.class.getName());

  private AndroidEnergyMeters() {}

  /** Detects the best meter on this device; never throws for a missing capability. */
  public static Detection detect(Context context) {
    Objects.requireNonNull(context, "context");
    List<String> lines = new ArrayList<>();
    PowerMonitorMeter rails = PowerMonitorMeter.builder(context).build();
    if (rails.isCounting() && rails.quality() == EnergyQuality.MEASURED) {
      lines.add("chosen: " + rails.name() + " (MEASURED): " + rails.description());
      return done(rails, lines);
    }
    lines.add("rejected " + rails.name() + " measured rails: " + (rails.isCounting()
        ? "only modelled consumers (ESTIMATED), kept as a fallback" : rails.availability().reason()));
    BatteryManagerMeter battery = BatteryManagerMeter.builder(context).build();
    if (battery.isCounting()) {
      rails.close();
      lines.add("chosen: " + battery.name() + " (MEASURED, " + battery.source() + "): " + battery.description());
      return done(battery, lines);
    }
    lines.add("rejected " + battery.name() + ": " + battery.availability().reason());
    if (rails.isCounting()) {
      lines.add("chosen: " + rails.name() + " (ESTIMATED): " + rails.description());
      return done(rails, lines);
    }
    String why = "no Android energy meter works here: " + String.join("; ", lines);
    lines.add("no meter: figures will be 0 and ESTIMATED");
    return done(EnergyMeter.unavailable(why), lines);
  }

  private static Detection done(EnergyMeter meter, List<String> lines) {
    Detection d = new Detection(meter, lines);
    LOG.log(meter.isCounting() ? Level.INFO : Level.WARNING, "{0}", d);
    return d;
  }

  /**
   * What {@link #detect} chose.
   *
   * @param meter the chosen meter (close it when done)
   * @param explanation one line per candidate, in the order tried
   */
  public record Detection(EnergyMeter meter, List<String> explanation) {
    public Detection {
      Objects.requireNonNull(meter, "meter");
      explanation = List.copyOf(explanation);
    }

    @Override
    public String toString() {
      return "meter " + meter.name() + " (" + meter.quality() + ", " + meter.domain() + ", " + meter.availability()
          + ")\n  " + String.join("\n  ", explanation);
    }
  }
}
