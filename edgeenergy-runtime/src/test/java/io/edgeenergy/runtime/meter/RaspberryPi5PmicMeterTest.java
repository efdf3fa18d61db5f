package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.runtime.internal.PmicAdcParser;
import io.edgeenergy.runtime.internal.PmicCommand;
import io.edgeenergy.runtime.internal.PmicProbe;
import io.edgeenergy.testkit.FakeTicker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaspberryPi5PmicMeterTest {
  /** The fixture's real output, without its ## header. */
  static final String PI5 = fixture();

  /**
   * Σ over the 12 paired rails of floor(µA × µV / 1e6), each channel first rounded half-up to the µA/µV
   * (0V8_AON_A 0.00305250 A is 3 053 µA), computed independently from the fixture.
   */
  private static final long PI5_MICROWATTS = 346_628 + 290_733 + 325_910 + 249_057 + 40_097 + 195_035
      + 301_918 + 5_363_607 + 202 + 1_210 + 2_443 + 122_974;   // = 7 239 814 µW, 7.24 W

  private final FakeTicker ticker = FakeTicker.create();

  private static String fixture() {
    try (InputStream in = RaspberryPi5PmicMeterTest.class.getResourceAsStream(
        "/io/edgeenergy/testkit/vcgencmd/rpi5-pmic_read_adc.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("##")).collect(Collectors.joining("\n", "", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RaspberryPi5PmicMeter meter(RaspberryPi5PmicMeter.AdcCommand cmd) {
    return RaspberryPi5PmicMeter.with(cmd, "fixture", ticker, RaspberryPi5PmicMeter.DEFAULT_PERIOD);
  }

  @Test
  void parsesTheRealOutputAndPairsRailsByName() {
    PmicAdcParser.Reading r = PmicAdcParser.parse(PI5);
    assertThat(r.malformed()).isEmpty();
    assertThat(r.pairedRails()).hasSize(12).contains("VDD_CORE", "DDR_VDD2", "DDR_VDDQ", "HDMI", "3V7_WL_SW");
    assertThat(r.voltageOnlyRails()).containsExactly("BATT", "EXT5V");
    assertThat(r.microamps().get("VDD_CORE")).isEqualTo(6_224_210L);
    assertThat(r.microvolts().get("VDD_CORE")).isEqualTo(861_733L);
    assertThat(r.railMicrowatts("VDD_CORE")).isEqualTo(5_363_607L);   // 6.22421 A × 0.861733 V
    assertThat(r.totalMicrowatts()).isEqualTo(PI5_MICROWATTS);
  }

  @Test
  void nulSeparatedOutputParsesToo() {
    assertThat(PmicAdcParser.parse(PI5.replace('\n', '\0')).totalMicrowatts()).isEqualTo(PI5_MICROWATTS);
  }

  @Test
  void malformedLinesAreSkippedAndCounted() {
    String out = """
          VDD_CORE_A current(7)=2.00000000A
          VDD_CORE_V volt(15)=0.75000000V
           3V3_SYS_A current(1)=nanA
           3V3_SYS_V volt(9)=3.30000000V
             BAD_A volt(1)=3.0A
             BAD_V volt(2)=1.2.3V
            WEIRD_V volt(3)=1.0A
        error=1 error_msg="Command not registered"
            NEG_A current(4)=-0.5A
            NEG_V volt(5)=1.0V
        """;
    PmicAdcParser.Reading r = PmicAdcParser.parse(out);
    assertThat(r.pairedRails()).containsExactly("VDD_CORE");
    assertThat(r.totalMicrowatts()).isEqualTo(1_500_000L);
    assertThat(r.malformed()).hasSize(6);
    assertThat(PmicAdcParser.parse("").pairedRails()).isEmpty();
  }

  @Test
  void integratesBoardPowerExactly() {
    RaspberryPi5PmicMeter m = meter(() -> PI5);
    assertThat(m.availability().available()).isTrue();
    assertThat(m.name()).isEqualTo("rpi5-pmic");
    assertThat(m.domain()).isEqualTo(EnergyDomain.BOARD);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    assertThat(m.readNanojoules()).isEqualTo(PI5_MICROWATTS * 1_000L);   // µW × 1 s = µJ = 1000 nJ
    assertThat(m.rails()).hasSize(12);
    assertThat(m.description()).contains("EXT5V_V 5.091 V").contains("input power not measured")
        .contains("200 ms").contains("VDD_CORE");
  }

  @Test
  void sensorThatDisappearsMidRunStopsTheCounter() {
    AtomicReference<String> out = new AtomicReference<>(PI5);
    RaspberryPi5PmicMeter m = meter(() -> {
      String s = out.get();
      if (s == null) {
        throw new IOException("vcgencmd: VCHI initialization failed");
      }
      return s;
    });
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    long before = m.readNanojoules();
    out.set(null);
    ticker.advance(Duration.ofSeconds(1));
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("VCHI initialization failed");
    ticker.advance(Duration.ofSeconds(10));
    assertThat(m.readNanojoules()).isEqualTo(before);
  }

  @Test
  void outputWithoutRailsIsUnavailableWithReason() {
    RaspberryPi5PmicMeter pi4 = meter(() -> "error=2 error_msg=\"Invalid arguments\"\n");
    assertThat(pi4.availability().available()).isFalse();
    assertThat(pi4.availability().reason()).contains("no rail").contains("Invalid arguments");
    assertThat(meter(() -> "").availability().available()).isFalse();
    assertThat(pi4.readNanojoules()).isZero();
  }

  @Test
  void periodBelow100MsIsRefused() {
    assertThatThrownBy(() -> RaspberryPi5PmicMeter.with(() -> PI5, "x", ticker, Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 ms");
  }

  @Test
  void thisMachineHasNoVcgencmdSoNothingIsMeasured() {
    RaspberryPi5PmicMeter m = RaspberryPi5PmicMeter.probe();
    if (!m.availability().available()) {
      assertThat(m.readNanojoules()).isZero();
      assertThat(m.description()).startsWith("no Raspberry Pi 5 PMIC meter");
      assertThat(new PmicProbe(ticker).probe().isAccepted()).isFalse();
    }
    m.close();
  }

  /** The real process path, with a stand-in {@code vcgencmd} script that prints the fixture. */
  @Test
  void runsACommandAndReportsItsFailure(@TempDir Path dir) throws IOException {
    Path out = Files.writeString(dir.resolve("out.txt"), PI5);
    Path ok = script(dir.resolve("vcgencmd"), "[ \"$1\" = pmic_read_adc ] && cat '" + out + "'");
    RaspberryPi5PmicMeter m = RaspberryPi5PmicMeter.with(PmicCommand.runner(ok), ok + " pmic_read_adc", ticker,
        RaspberryPi5PmicMeter.DEFAULT_PERIOD);
    assertThat(m.availability().available()).isTrue();
    assertThat(m.rails()).hasSize(12);
    Path bad = script(dir.resolve("vcgencmd-pi4"), "echo 'error=2 error_msg=\"Invalid arguments\"'; exit 2");
    assertThatThrownBy(() -> PmicCommand.runner(bad).run()).isInstanceOf(IOException.class)
        .hasMessageContaining("exited 2").hasMessageContaining("Invalid arguments");
  }

  private static Path script(Path p, String body) throws IOException {
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }
}
