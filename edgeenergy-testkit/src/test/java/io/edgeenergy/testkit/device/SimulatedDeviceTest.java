package io.edgeenergy.testkit.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simulated devices themselves: layouts, live values, faults on schedule, clean close. */
class SimulatedDeviceTest {
  private static final PowerTrace FLAT = PowerTrace.builder().hold(5, Duration.ofSeconds(1)).build();

  private static String read(Path p) throws Exception {
    return Files.readString(p).strip();
  }

  /** The file's content once it reads {@code expected}, or its last content after 10 s. */
  private static String eventually(Path p, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = read(p);
    while (!last.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      last = read(p);
    }
    return last;
  }

  @Test
  void aTraceIntegratesExactlyAndRepeats() {
    PowerTrace t = PowerTrace.builder().hold(2, Duration.ofMillis(100)).ramp(2, 4, Duration.ofMillis(100)).build();
    assertThat(t.nanojoulesUntil(100_000_000)).isEqualTo(200_000_000, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(t.nanojoulesUntil(200_000_000)).isEqualTo(500_000_000, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(t.nanojoulesUntil(400_000_000)).isEqualTo(1_000_000_000, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(t.microwattsAt(150_000_000)).isEqualTo(3_000_000, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(t.rangeMicrowatts(0, 90_000_000)).isZero();
    assertThat(t.rangeMicrowatts(50_000_000, 150_000_000)).isEqualTo(2_000_000);
    // +2 W up the ramp, -2 W back at the cycle's end, +1.8 W up 90 % of the next ramp
    assertThat(t.variationMicrowatts(0, 390_000_000)).isEqualTo(5_800_000, org.assertj.core.data.Offset.offset(1e-3));
  }

  @ParameterizedTest
  @EnumSource(SimulatedDevice.Kind.class)
  void everyLayoutIsWrittenLiveAndDeletedOnClose(SimulatedDevice.Kind kind) throws Exception {
    SimulatedDevice d = SimulatedDevice.builder(kind, FLAT).build().start();
    Path root = d.root();
    // the writer thread's first write, waited for (a fixed 50 ms sleep failed under load)
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (d.writes() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(d.writes()).isPositive();
    assertThat(d.valueFile()).exists();
    d.close();
    assertThat(root).doesNotExist();
  }

  @Test
  void faultsHappenOnScheduleAndEnd() throws Exception {
    try (SimulatedDevice d = SimulatedDevice.builder(SimulatedDevice.Kind.JETSON_JETPACK4, FLAT)
        .fault(DeviceFault.of(DeviceFault.Kind.GARBAGE, Duration.ZERO, Duration.ofSeconds(2)))
        .fault(DeviceFault.of(DeviceFault.Kind.DENIED, Duration.ZERO, Duration.ofSeconds(2)))
        .build().start()) {
      // waited for, not slept on: fixed 100 ms / 400 ms sleeps around a 300 ms fault failed under load
      assertThat(eventually(d.valueFile(), "garbage")).isEqualTo("garbage");
      assertThatThrownBy(() -> d.gate().read(d.valueFile(), () -> 1)).isInstanceOf(AccessDeniedException.class);
      assertThat(eventually(d.valueFile(), "5000")).isEqualTo("5000");   // 5 W in mW, once the faults end
      assertThat(d.gate().read(d.valueFile(), () -> 1)).isEqualTo(1);
      assertThat(d.faultsApplied()).containsEntry(DeviceFault.Kind.GARBAGE, 1).containsEntry(DeviceFault.Kind.DENIED, 1);
    }
  }

  @Test
  void aScriptedVcgencmdAnswersLikeAPi5() throws Exception {
    try (SimulatedDevice d = SimulatedDevice.builder(SimulatedDevice.Kind.RASPBERRY_PI5, FLAT).build().start()) {
      Process p = new ProcessBuilder(d.vcgencmd().toString(), "pmic_read_adc").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).isZero();
      assertThat(out).contains("  VDD_CORE_A current(7)=").contains("     EXT5V_V volt(24)=5.09066000V");
    }
  }
}
