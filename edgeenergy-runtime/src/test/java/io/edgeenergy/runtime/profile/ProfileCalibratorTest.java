package io.edgeenergy.runtime.profile;

import io.edgeenergy.runtime.meter.PowerSource;
import io.edgeenergy.runtime.meter.SampledPowerMeter;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ground-truth test: a synthetic device on a fake hwmon tree draws 1.1 W base + 3.2 W
 * per busy core (with ±5 % sensor noise); calibrating against it at four loads must recover both
 * within 15 %, and the estimator built from the fitted profile must reproduce a new workload's
 * energy within 15 %.
 */
class ProfileCalibratorTest {
  private static final double BASE_W = 1.1;
  private static final double ACTIVE_W = 3.2;
  private static final String POWER = "sys/class/hwmon/hwmon0/power1_input";

  @Test
  void calibrationRecoversTheGroundTruthWithinFifteenPercent(@TempDir Path root) throws Exception {
    SysfsTree tree = SysfsTree.at(root).write("sys/class/hwmon/hwmon0/name", "synthetic").write(POWER, 0);
    FakeTicker ticker = FakeTicker.create();
    SampledPowerMeter meter = SampledPowerMeter.builder("synthetic", fileSource(tree.path(POWER))).ticker(ticker).build();
    Random noise = new Random(42);
    long[] cpu = {0};

    List<ProfileCalibrator.Sample> samples = new ArrayList<>();
    for (double busy : new double[] {0.25, 0.5, 0.75, 1.0}) {
      samples.add(window(tree, ticker, meter, noise, cpu, busy, Duration.ofSeconds(10)));
    }
    ProfileCalibrator.Fit fit = ProfileCalibrator.fit(samples);

    assertThat(fit.activePowerPerCore().toWatts()).isBetween(ACTIVE_W * 0.85, ACTIVE_W * 1.15);
    assertThat(fit.basePower().toWatts()).isBetween(BASE_W * 0.85, BASE_W * 1.15);
    assertThat(fit.rmsRelativeError()).isLessThan(0.05);

    // the estimator on the fitted profile, on a new workload (60 % busy for 20 s)
    PowerProfile profile = fit.toProfile("calibrated", "test", 1, 2_000_000);
    long cpuBefore = cpu[0];
    ProfileCalibrator.Sample unseen = window(tree, ticker, meter, noise, cpu, 0.6, Duration.ofSeconds(20));
    long estimated = profile.typicalActivePowerPerCore().overNanos(cpu[0] - cpuBefore)
        + profile.basePower().overNanos(unseen.wallNanos());
    assertThat((double) estimated).isBetween(unseen.measuredNanojoules() * 0.85, unseen.measuredNanojoules() * 1.15);

    Path file = root.resolve("calibrated.properties");
    fit.writeProperties(file, "calibrated", "synthetic hwmon power1_input", 1, 2_000_000);
    PowerProfile reloaded = PowerProfile.load(file);
    assertThat(reloaded.typicalActivePowerPerCore().toWatts()).isCloseTo(fit.activePowerPerCore().toWatts(),
        org.assertj.core.data.Offset.offset(0.001));
    assertThat(Files.readString(file)).contains("edgeenergy calibrate", "RMS");
  }

  @Test
  void oneLoadCannotSeparateActiveFromBase() {
    var same = List.of(new ProfileCalibrator.Sample(500, 1000, 2000), new ProfileCalibrator.Sample(1000, 2000, 4000));
    assertThatThrownBy(() -> ProfileCalibrator.fit(same)).hasMessageContaining("several loads");
    assertThatThrownBy(() -> ProfileCalibrator.fit(List.of(same.get(0)))).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new ProfileCalibrator.Sample(1, 0, 1)).hasMessageContaining("wall > 0");
  }

  /** Runs {@code busy} load for {@code span} in 100 ms steps, the sensor reporting truth ± 5 %. */
  private static ProfileCalibrator.Sample window(SysfsTree tree, FakeTicker ticker, SampledPowerMeter meter,
      Random noise, long[] cpu, double busy, Duration span) {
    long e0 = meter.readNanojoules();
    long c0 = cpu[0];
    long step = Duration.ofMillis(100).toNanos();
    for (long t = 0; t < span.toNanos(); t += step) {
      double watts = (BASE_W + ACTIVE_W * busy) * (1 + 0.05 * (2 * noise.nextDouble() - 1));
      tree.write(POWER, Math.round(watts * 1e6));
      meter.sampleNow();
      ticker.advanceNanos(step);
      cpu[0] += Math.round(busy * step);
    }
    meter.sampleNow();
    return new ProfileCalibrator.Sample(cpu[0] - c0, span.toNanos(), meter.readNanojoules() - e0);
  }

  private static PowerSource fileSource(Path file) {
    return new PowerSource() {
      @Override
      public long readMicrowatts() throws IOException {
        return Long.parseLong(Files.readString(file).trim());
      }

      @Override
      public String describe() {
        return file.toString();
      }
    };
  }
}
