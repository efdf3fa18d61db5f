package io.edgeenergy.runtime.meter;

import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.internal.BatterySysfsReadings;
import io.edgeenergy.runtime.internal.PmicCommand;
import io.edgeenergy.testkit.device.SimulatedDevice;
import io.edgeenergy.testkit.device.SysfsGate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Opens the real meter of a {@link SimulatedDevice} the way {@code EnergyMeters.detect} does, with the
 * meter's file opening routed through the device's {@link SysfsGate} (EACCES on demand, whole values)
 * and the sampler's read times recorded, for the sampling error bound.
 */
final class DeviceMeters {
  /** Period of the power-sensor meters, as {@code EnergyMeters} picks for a board rail. */
  static final Duration SENSOR_PERIOD = Duration.ofMillis(50);

  /** A meter and what its sampler did. */
  record Opened(EnergyMeter meter, SampleTimes samples, long maxTailNanos) {}

  /** When the sampler read the sensor: each read's start and end. */
  static final class SampleTimes {
    private final List<long[]> reads = new ArrayList<>();
    private long pendingStart;

    synchronized void started() {
      pendingStart = System.nanoTime();
    }

    synchronized void ended() {
      reads.add(new long[] {pendingStart, System.nanoTime()});
    }

    synchronized long[] starts() {
      return reads.stream().mapToLong(r -> r[0]).toArray();
    }

    synchronized long[] ends() {
      return reads.stream().mapToLong(r -> r[1]).toArray();
    }

    synchronized long maxGapNanos() {
      long max = 0;
      for (int i = 1; i < reads.size(); i++) {
        max = Math.max(max, reads.get(i)[0] - reads.get(i - 1)[0]);
      }
      return max;
    }
  }

  private DeviceMeters() {}

  static Opened open(SimulatedDevice dev) throws IOException {
    SampleTimes times = new SampleTimes();
    Path root = dev.root();
    SysfsGate gate = dev.gate();
    switch (dev.kind()) {
      case RAPL -> {
        CounterOpener opener = gated(gate, times);
        RaplMeter.RaplZone zone = RaplMeter.discover(root, opener).zones().stream()
            .filter(z -> z.name().equals("package-0")).findFirst().orElseThrow();
        EnergyMeter m = RaplMeter.open(zone, Ticker.system(), opener, RaplMeter.DEFAULT_MAX_POWER_WATTS);
        return new Opened(((RaplMeter) m).start(), times, 0);
      }
      case AMD_ENERGY -> {
        HwmonMeters.EnergyCounter socket = HwmonMeters.energyCounters(root).stream()
            .filter(HwmonMeters.EnergyCounter::wholeCpu).findFirst().orElseThrow();
        return new Opened(HwmonEnergyMeter.open(socket, Ticker.system(), gated(gate, times)), times, 0);
      }
      case JETSON_JETPACK5, JETSON_JETPACK4 -> {
        HwmonMeters.Discovery d = dev.kind() == SimulatedDevice.Kind.JETSON_JETPACK4
            ? HwmonMeters.discoverIna3221x(root) : HwmonMeters.discover(root);
        HwmonMeters.Channel ch = d.boardInput().orElseThrow(() -> new AssertionError("no board rail: " + d.reasons()));
        PowerSource real = ch.source();
        Path file = dev.valueFile();
        PowerSource gatedSource = new PowerSource() {
          @Override
          public long readMicrowatts() throws IOException {
            times.started();
            try {
              return gate.read(file, real::readMicrowatts);
            } finally {
              times.ended();
            }
          }

          @Override
          public String describe() {
            return real.describe();
          }
        };
        SampledPowerMeter m = SampledPowerMeter.builder(ch.chip() + ":" + ch.label(), gatedSource)
            .domain(EnergyDomain.BOARD).period(SENSOR_PERIOD).build().start();
        return new Opened(m, times, 2 * SENSOR_PERIOD.toNanos());
      }
      case BATTERY -> {
        Path dir = root.resolve("class/power_supply/BAT0");
        BatteryMeter m = BatteryMeter.of("BAT0", gated(new BatterySysfsReadings(dir), dir, gate, times),
            Ticker.system(), SENSOR_PERIOD).start();
        return new Opened(m, times, 2 * SENSOR_PERIOD.toNanos());
      }
      case RASPBERRY_PI5 -> {
        RaspberryPi5PmicMeter.AdcCommand real = PmicCommand.runner(dev.vcgencmd());
        RaspberryPi5PmicMeter m = RaspberryPi5PmicMeter.with(() -> {
          times.started();
          try {
            return real.run();
          } finally {
            times.ended();
          }
        }, dev.vcgencmd() + " pmic_read_adc", Ticker.system(), RaspberryPi5PmicMeter.MIN_PERIOD).start();
        return new Opened(m, times, 2 * RaspberryPi5PmicMeter.MIN_PERIOD.toNanos());
      }
      default -> throw new AssertionError(dev.kind());
    }
  }

  /** The real opener (a kept-open channel), with EACCES and whole values from the gate. */
  static CounterOpener gated(SysfsGate gate, SampleTimes times) {
    return path -> {
      gate.check(path);
      CounterFile real = CounterFile.open(path);
      return new CounterFile() {
        @Override
        public long readMicrojoules() throws IOException {
          return gate.read(path, real::readMicrojoules);
        }

        @Override
        public void checkStillThere() throws IOException {
          times.started();
          times.ended();
          real.checkStillThere();
        }

        @Override
        public void close() {
          real.close();
        }
      };
    };
  }

  private static BatteryReadings gated(BatterySysfsReadings real, Path dir, SysfsGate gate, SampleTimes times) {
    return new BatteryReadings() {
      @Override
      public Status status() throws IOException {
        times.started();
        return gate.read(dir.resolve("status"), real::status);
      }

      @Override
      public OptionalLong currentMicroamps() throws IOException {
        return gate.read(dir.resolve("current_now"), real::currentMicroamps);
      }

      @Override
      public OptionalLong voltageMicrovolts() throws IOException {
        return gate.read(dir.resolve("voltage_now"), real::voltageMicrovolts);
      }

      @Override
      public OptionalLong powerMicrowatts() throws IOException {
        try {
          return gate.read(dir.resolve("power_now"), real::powerMicrowatts);
        } finally {
          times.ended();
        }
      }

      @Override
      public OptionalLong energyNanowattHours() throws IOException {
        return gate.read(dir.resolve("energy_now"), real::energyNanowattHours);
      }

      @Override
      public String describe() {
        return real.describe();
      }
    };
  }
}
