package io.edgeenergy.cli;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.EnergyReading;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.meter.MeterDetection;
import io.edgeenergy.runtime.profile.ProfileCalibrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fits the estimator's power profile to this device's MEASURED meter: runs a model at several loads
 * (busy fractions of 100 ms slices), records thread CPU time, wall time and measured energy per load,
 * fits active and base power ({@link ProfileCalibrator}) and writes a profile file.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Fit the estimator's power profile to a measured meter by running a model at several loads.")
final class CalibrateCommand implements Callable<Integer> {
  private static final double[] LOADS = {0.25, 0.5, 0.75, 1.0};
  private static final long SLICE_NANOS = Duration.ofMillis(100).toNanos();

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "models/digits/digits_big_mlp.onnx",
      description = "Model to run as the workload (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--seconds", defaultValue = "10", description = "Seconds per load level (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--out", defaultValue = "calibrated-profile.json",
      description = "Profile file to write: JSON, or the properties format for a name ending in .properties (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--frequency-khz", defaultValue = "0",
      description = "CPU frequency the calibration ran at, for the profile (default: the highest cpuinfo_max_freq "
          + "of the cpufreq policies, else 1 kHz, a single point the estimator applies at every frequency).")
  long frequencyKhz;

  @Option(names = "--no-progress", description = "Hide the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    if (seconds < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seconds must be >= 1");
    }
    OutputFiles.requireWritable(spec.commandLine(), "--out", out);
    PrintWriter pw = spec.commandLine().getOut();
    MeterDetection detection = EnergyMeters.detect();
    if (detection.meter().quality() != EnergyQuality.MEASURED) {
      detection.meter().close();
      spec.commandLine().getErr().println("edgeenergy: calibrate needs a MEASURED meter to fit against, and this device has "
          + "none; `edgeenergy doctor` explains why:");
      detection.explanation().forEach(l -> spec.commandLine().getErr().println("  " + l));
      return 2;
    }
    try (EnergyMeter meter = detection.meter();
         Model m = InferenceBackends.load(model, ModelOptions.defaults());
         Tensors io = Tensors.of(m)) {
      ProfileCalibrator.Fit fit = calibrate(meter, () -> m.run(io.inputs(), io.outputs()), Duration.ofSeconds(seconds), pw);
      long khz = frequencyKhz > 0 ? frequencyKhz : maxCpuFrequencyKhz(Path.of("/sys"));
      fit.write(out, "calibrated", meter.name() + ": " + meter.description(),
          Runtime.getRuntime().availableProcessors(), khz);
      pw.printf(Locale.ROOT, "Active power per busy core %s, base power %s, RMS error %.1f %% over %d loads; wrote %s%n",
          fit.activePowerPerCore(), fit.basePower(), 100 * fit.rmsRelativeError(), fit.samples(), out);
      return 0;
    }
  }

  /** Runs {@code work} at each load for {@code perLoad} and fits the profile. */
  static ProfileCalibrator.Fit calibrate(EnergyMeter meter, Runnable work, Duration perLoad, PrintWriter out) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Ticker ticker = meter.ticker();
    List<ProfileCalibrator.Sample> samples = new ArrayList<>();
    long slices = Math.max(1, perLoad.toNanos() / SLICE_NANOS);
    try (ProgressBar bar = out == null ? null : new ProgressBarBuilder().setTaskName("calibrate")
        .setStyle(ProgressBarStyle.ASCII).setInitialMax(slices * LOADS.length).continuousUpdate().build()) {
      for (double load : LOADS) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = ticker.read();
        long e0 = meter.readNanojoules();
        for (long s = 0; s < slices; s++) {
          long sliceStart = System.nanoTime();
          long busyUntil = sliceStart + (long) (load * SLICE_NANOS);
          while (System.nanoTime() < busyUntil) {
            work.run();
          }
          LockSupport.parkNanos(sliceStart + SLICE_NANOS - System.nanoTime());
          if (bar != null) {
            bar.step();
          }
        }
        long e1 = meter.readNanojoules();
        samples.add(new ProfileCalibrator.Sample(threads.getCurrentThreadCpuTime() - cpu0, ticker.read() - wall0,
            EnergyReading.delta(e0, e1, meter.wrapRangeNanojoules())));
      }
    }
    return ProfileCalibrator.fit(samples);
  }

  /** The highest {@code cpuinfo_max_freq} of the cpufreq policies under {@code sysfsRoot}, or 1 kHz without cpufreq. */
  static long maxCpuFrequencyKhz(Path sysfsRoot) {
    Path dir = sysfsRoot.resolve("devices/system/cpu/cpufreq");
    long max = 1;
    if (Files.isDirectory(dir)) {
      try (var policies = Files.list(dir)) {
        for (Path p : policies.toList()) {
          try {
            max = Math.max(max, Long.parseLong(Files.readString(p.resolve("cpuinfo_max_freq")).trim()));
          } catch (IOException | NumberFormatException e) {
            // a policy without a readable maximum does not change the answer
          }
        }
      } catch (IOException e) {
        return max;
      }
    }
    return max;
  }
}
