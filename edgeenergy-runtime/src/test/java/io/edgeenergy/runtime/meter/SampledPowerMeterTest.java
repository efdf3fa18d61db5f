package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.EnergyQuality;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SampledPowerMeterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AtomicLong microwatts = new AtomicLong();
  private final PowerSource sensor = new PowerSource() {
    @Override
    public long readMicrowatts() throws IOException {
      long p = microwatts.get();
      if (p == Long.MIN_VALUE) {
        throw new IOException("No such device");
      }
      return p;
    }

    @Override
    public String describe() {
      return "test sensor";
    }
  };

  private SampledPowerMeter meter() {
    return SampledPowerMeter.builder("test", sensor).ticker(now::get).build();
  }

  @Test
  void integratesWithTheTrapezoidRule() {
    SampledPowerMeter m = meter();
    microwatts.set(2_000_000);                 // 2 W
    m.sampleNow();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    microwatts.set(4_000_000);                 // ramps to 4 W: 3 J over that second
    m.sampleNow();
    assertThat(m.readNanojoules()).isEqualTo(3_000_000_000L);
    now.addAndGet(Duration.ofMillis(5).toNanos());
    assertThat(m.readNanojoules()).isEqualTo(3_020_000_000L);   // last power held until now
    now.addAndGet(Duration.ofMillis(495).toNanos());
    assertThat(m.readNanojoules()).as("a tail is held for two periods at most")
        .isEqualTo(3_080_000_000L);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(m.description()).contains("test sensor").contains("10 ms");
  }

  @Test
  void aFailingSensorStopsTheCounterAndSaysWhy() {
    SampledPowerMeter m = meter();
    microwatts.set(1_000_000);
    m.sampleNow();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    m.sampleNow();
    microwatts.set(Long.MIN_VALUE);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("test sensor").contains("No such device");
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(m.readNanojoules()).isEqualTo(1_000_000_000L);
  }

  @Test
  void samplerThreadRunsAndStops() throws Exception {
    SampledPowerMeter m = SampledPowerMeter.builder("real", sensor).period(Duration.ofMillis(1)).build();
    microwatts.set(1_000_000);
    m.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (m.readNanojoules() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    m.close();
    assertThat(m.readNanojoules()).isPositive();
  }

  @Test
  void periodIsBounded() {
    assertThatThrownBy(() -> SampledPowerMeter.builder("x", sensor).period(Duration.ofNanos(10)))
        .hasMessageContaining("between 1 ms and 10 s");
  }
}
