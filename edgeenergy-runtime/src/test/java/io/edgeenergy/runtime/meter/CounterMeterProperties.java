package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.testkit.FakeTicker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * Random counter traces with wraps (RAPL), resets (hwmon) and a counter running backwards (NVML),
 * random interleavings of samples and reads: no counter meter's reading ever decreases, and RAPL counts
 * every wrap exactly when it is sampled at least once per wrap.
 */
class CounterMeterProperties {
  /** {@code kind} 0 = the hardware counts {@code value} µJ more, 1 = sample, 2 = read, 3 = reset to {@code value}. */
  record Op(int kind, long value) {}

  /** A counter file the test writes. */
  private static final class FakeCounter implements CounterFile {
    final AtomicLong raw = new AtomicLong();

    @Override
    public long readMicrojoules() {
      return raw.get();
    }

    @Override
    public void close() {}
  }

  @Property(tries = 200)
  void raplNeverDecreasesAndCountsEveryWrap(@ForAll("ops") List<Op> ops,
      @ForAll @LongRange(min = 1_000, max = 262_143_328_850L) long rangeUj) {
    FakeCounter file = new FakeCounter();
    RaplMeter.RaplZone zone = new RaplMeter.RaplZone(Path.of("/sys/class/powercap/intel-rapl:0"), "package-0",
        EnergyDomain.PACKAGE, rangeUj);
    EnergyMeter m = RaplMeter.open(zone, FakeTicker.create(), p -> file, RaplMeter.DEFAULT_MAX_POWER_WATTS);
    RaplMeter meter = (RaplMeter) m;
    long trueUj = 0;
    long sinceSample = 0;
    long last = 0;
    for (Op op : ops) {
      switch (op.kind()) {
        case 0 -> {
          long add = op.value() % rangeUj;
          if (sinceSample + add >= rangeUj) {   // the sampler's period guarantees at most one wrap
            meter.sampleNow();
            sinceSample = 0;
          }
          trueUj += add;
          sinceSample += add;
          file.raw.set(trueUj % rangeUj);
        }
        case 1 -> {
          meter.sampleNow();
          sinceSample = 0;
        }
        default -> {
          long r = meter.readNanojoules();
          assertThat(r).isGreaterThanOrEqualTo(last);
          last = r;
        }
      }
    }
    meter.sampleNow();
    assertThat(meter.readNanojoules()).isEqualTo(trueUj * 1000);
    meter.close();
  }

  @Property(tries = 200)
  void hwmonNeverDecreasesAcrossResets(@ForAll("opsWithResets") List<Op> ops) {
    FakeCounter file = new FakeCounter();
    HwmonMeters.EnergyCounter counter = new HwmonMeters.EnergyCounter("amd_energy", "Esocket0",
        Path.of("/sys/class/hwmon/hwmon2/energy17_input"), EnergyDomain.PACKAGE);
    EnergyMeter meter = HwmonEnergyMeter.open(counter, FakeTicker.create(), p -> file);
    try {
      long last = 0;
      for (Op op : ops) {
        switch (op.kind()) {
          case 0 -> file.raw.addAndGet(op.value());
          case 1 -> ((HwmonEnergyMeter) meter).sampleNow();
          case 3 -> file.raw.set(op.value());
          default -> {
            long r = meter.readNanojoules();
            assertThat(r).isGreaterThanOrEqualTo(last);
            last = r;
          }
        }
      }
    } finally {
      meter.close();
    }
  }

  @Property(tries = 200)
  void nvmlNeverDecreasesEvenWhenTheDriverCounterRunsBackwards(@ForAll("opsWithResets") List<Op> ops) {
    NvmlMeterTest.FakeNvml nvml = new NvmlMeterTest.FakeNvml();
    nvml.millijoules = 1_000;
    NvmlMeter meter = NvmlMeter.open(() -> nvml, 0, FakeTicker.create());
    long last = 0;
    for (Op op : ops) {
      switch (op.kind()) {
        case 0 -> nvml.millijoules += op.value() / 1000;
        case 1 -> meter.sampleNow();
        case 3 -> nvml.millijoules = op.value() / 1000;
        default -> {
          long r = meter.readNanojoules();
          assertThat(r).isGreaterThanOrEqualTo(last);
          last = r;
        }
      }
    }
    meter.close();
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(0, 100_000_000_000L).map(v -> new Op(0, v))),
        Tuple.of(2, Arbitraries.just(new Op(1, 0))),
        Tuple.of(4, Arbitraries.just(new Op(2, 0)))).list().ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Op>> opsWithResets() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(0, 10_000_000).map(v -> new Op(0, v))),
        Tuple.of(2, Arbitraries.just(new Op(1, 0))),
        Tuple.of(4, Arbitraries.just(new Op(2, 0))),
        Tuple.of(1, Arbitraries.longs().between(0, 1_000_000).map(v -> new Op(3, v)))).list().ofMaxSize(60);
  }
}
