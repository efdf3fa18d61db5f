package io.edgeenergy.runtime.profile;

import io.edgeenergy.Power;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits the estimator's power profile to a MEASURED meter: from windows in which a workload kept the
 * inference thread busy for {@code cpuNanos} of {@code wallNanos} while the meter counted
 * {@code measuredNanojoules}, a least-squares fit of {@code energy = activePower × cpu + basePower × wall}
 * gives the active power of a busy core and the device's base power. Windows at several loads (busy
 * fractions) separate the two; with one load only they cannot be told apart, and the fit says so.
 */
public final class ProfileCalibrator {
  private ProfileCalibrator() {}

  /** One measured window. */
  public record Sample(long cpuNanos, long wallNanos, long measuredNanojoules) {
    public Sample {
      if (cpuNanos < 0 || wallNanos <= 0 || measuredNanojoules < 0) {
        throw new IllegalArgumentException("a calibration window needs cpu >= 0, wall > 0 and energy >= 0, was "
            + cpuNanos + " ns cpu, " + wallNanos + " ns wall, " + measuredNanojoules + " nJ");
      }
    }
  }

  /**
   * The fitted powers and how well they explain the windows.
   *
   * @param rmsRelativeError root-mean-square of (predicted − measured) / measured over the windows
   */
  public record Fit(Power activePowerPerCore, Power basePower, double rmsRelativeError, int samples) {
    /** The fit as a one-cluster profile at {@code frequencyKhz} (the frequency it was measured at). */
    public PowerProfile toProfile(String name, String source, int cores, long frequencyKhz) {
      return PowerProfile.custom().name(name).source(source).basePower(basePower)
          .cluster("cpu", cores, Map.of(frequencyKhz, activePowerPerCore)).build();
    }

    /**
     * Writes the fit as a profile file in the format its name asks for: JSON for {@code .json}, else
     * the properties format (with the fit's provenance as comments). {@link PowerProfile#load(Path)}
     * reads either back.
     */
    public void write(Path file, String name, String meterDescription, int cores, long frequencyKhz) {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
        writeJson(file, name, meterDescription, cores, frequencyKhz);
      } else {
        writeProperties(file, name, meterDescription, cores, frequencyKhz);
      }
    }

    /** Writes the fit in the {@link PowerProfile} JSON format; its {@code source} says how it was obtained. */
    public void writeJson(Path file, String name, String meterDescription, int cores, long frequencyKhz) {
      writeText(file, toProfile(name, source(meterDescription), cores, frequencyKhz).toJson());
    }

    private String source(String meterDescription) {
      return String.format(Locale.ROOT, "edgeenergy calibrate %s: least-squares fit of energy = activePower x cpuTime"
          + " + basePower x wallTime over %d windows at several loads against %s (RMS error %.1f %%)",
          LocalDate.now(), samples, meterDescription.replace('\n', ' '), 100 * rmsRelativeError);
    }

    private static void writeText(Path file, String text) {
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the calibrated profile to " + file, e);
      }
    }

    /** Writes the fit in the {@link PowerProfile} properties format, with how it was obtained. */
    public void writeProperties(Path file, String name, String meterDescription, int cores, long frequencyKhz) {
      String text = String.format(Locale.ROOT, """
          # Written by `edgeenergy calibrate` on %s.
          # Fitted by least squares, energy = activePower x cpuTime + basePower x wallTime, over %d windows
          # at several loads, against the MEASURED meter: %s
          # RMS relative error of the fit over those windows: %.1f %%
          name = %s
          source = edgeenergy calibrate %s against %s (RMS error %.1f %%)
          baseMilliwatts = %.3f
          clusters = cpu
          cluster.cpu.cores = %d
          cluster.cpu.activeMilliwatts.%d = %.3f
          """, LocalDate.now(), samples, meterDescription, 100 * rmsRelativeError, name, LocalDate.now(),
          meterDescription.replace('\n', ' '), 100 * rmsRelativeError, basePower.toMilliwatts(), cores, frequencyKhz,
          activePowerPerCore.toMilliwatts());
      writeText(file, text);
    }
  }

  /**
   * Least-squares fit of active and base power; both are kept >= 0 (if the unconstrained base power
   * is negative, the base is fixed at 0 and the active power refitted alone).
   *
   * @throws IllegalArgumentException fewer than two windows, or all windows at the same load, so the
   *     two powers cannot be separated
   */
  public static Fit fit(List<Sample> samples) {
    if (samples.size() < 2) {
      throw new IllegalArgumentException("calibration needs at least 2 windows at different loads, got " + samples.size());
    }
    // normal equations in seconds and joules for conditioning
    double scc = 0;
    double scw = 0;
    double sww = 0;
    double sce = 0;
    double swe = 0;
    for (Sample s : samples) {
      double c = s.cpuNanos() / 1e9;
      double w = s.wallNanos() / 1e9;
      double e = s.measuredNanojoules() / 1e9;
      scc += c * c;
      scw += c * w;
      sww += w * w;
      sce += c * e;
      swe += w * e;
    }
    double det = scc * sww - scw * scw;
    if (Math.abs(det) <= 1e-9 * scc * sww) {
      throw new IllegalArgumentException("all calibration windows have the same load (busy fraction), so active "
          + "and base power cannot be separated: measure at several loads");
    }
    double active = (sce * sww - swe * scw) / det;
    double base = (scc * swe - scw * sce) / det;
    if (base < 0) {
      base = 0;
      active = sce / scc;
    }
    active = Math.max(0, active);
    double sq = 0;
    for (Sample s : samples) {
      double predicted = active * s.cpuNanos() / 1e9 + base * s.wallNanos() / 1e9;
      double measured = s.measuredNanojoules() / 1e9;
      double rel = measured == 0 ? 0 : (predicted - measured) / measured;
      sq += rel * rel;
    }
    return new Fit(Power.ofWatts(active), Power.ofWatts(base), Math.sqrt(sq / samples.size()), samples.size());
  }
}
