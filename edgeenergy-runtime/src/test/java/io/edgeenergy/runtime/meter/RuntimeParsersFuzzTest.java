package io.edgeenergy.runtime.meter;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeenergy.runtime.internal.AndroidProfileParser;
import io.edgeenergy.runtime.internal.BatteryPowerSource;
import io.edgeenergy.runtime.internal.PmicAdcParser;
import io.edgeenergy.runtime.internal.ProfileParser;
import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.runtime.profile.ProfileFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer targets for every runtime parser of outside data: Android {@code power_profile.xml}, JSON and
 * properties power profiles, {@code vcgencmd pmic_read_adc} output, and the sysfs readers (RAPL/hwmon
 * counter files, hwmon power channels, battery gauges). A parser may refuse input only with its
 * documented exception ({@link ProfileFormatException}, {@link IOException}); anything else, and any
 * negative or wrapped-around figure, is a finding.
 *
 * <p>In the normal build each target replays its committed inputs
 * ({@code src/test/resources/io/edgeenergy/runtime/meter/RuntimeParsersFuzzTestInputs/<target>/}, including
 * every crash found). A fuzzing run, e.g. 2 minutes for one target:
 * {@code JAZZER_FUZZ=1 mvn -B test -pl edgeenergy-runtime -am -Dtest='RuntimeParsersFuzzTest#pmicAdc'
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=2m} (see docs/BENCHMARKS.md).
 */
class RuntimeParsersFuzzTest {
  private static final Path SCRATCH = scratch();

  private static Path scratch() {
    try {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isWritable(shm) ? Files.createTempDirectory(shm, "edgeenergy-fuzz-")
          : Files.createTempDirectory("edgeenergy-fuzz-");
      // deleted at exit in reverse order: the counter file, then the directory
      dir.toFile().deleteOnExit();
      dir.resolve("energy_uj").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void androidPowerProfile(byte[] data) throws IOException {
    try {
      PowerProfile p = AndroidProfileParser.parse(new ByteArrayInputStream(data), "fuzz/power_profile.xml", "fuzz", 3.8);
      assertThat(p.name()).isNotBlank();
    } catch (ProfileFormatException expected) {
      assertThat(expected.getMessage()).contains("fuzz/power_profile.xml");
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void jsonProfile(byte[] data) throws IOException {
    try {
      ProfileParser.parse(new ByteArrayInputStream(data), "fuzz/profile.json");
    } catch (ProfileFormatException expected) {
      assertThat(expected.getMessage()).contains("fuzz/profile.json");
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void propertiesProfile(byte[] data) throws IOException {
    try {
      ProfileParser.parse(new ByteArrayInputStream(data), "fuzz/profile.properties");
    } catch (ProfileFormatException expected) {
      assertThat(expected.getMessage()).contains("fuzz/profile.properties");
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void pmicAdc(byte[] data) {
    PmicAdcParser.Reading r = PmicAdcParser.parse(new String(data, StandardCharsets.UTF_8));
    BigInteger exact = BigInteger.ZERO;
    for (String rail : r.pairedRails()) {
      exact = exact.add(BigInteger.valueOf(r.microamps().get(rail)).multiply(BigInteger.valueOf(r.microvolts().get(rail)))
          .divide(BigInteger.valueOf(1_000_000)));
    }
    assertThat(r.totalMicrowatts()).isNotNegative().isEqualTo(exact.longValueExact());
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void counterFile(byte[] data) throws IOException {
    Path file = SCRATCH.resolve("energy_uj");
    Files.write(file, data);
    try (CounterFile f = CounterFile.open(file)) {
      long v = f.readMicrojoules();
      // accepted only as digits with sysfs's trailing newline, and then exactly that number
      String text = new String(data, StandardCharsets.US_ASCII);
      assertThat(new BigInteger(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text))
          .isEqualTo(BigInteger.valueOf(v));
    } catch (IOException expected) {
      assertThat(expected.getMessage()).contains(file.toString());
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void hwmonPowerChannel(FuzzedDataProvider data) {
    // a current x voltage channel (mA x mV) and a power channel (mW x 1000), from the files' contents
    Path chip = Path.of("/sys/class/hwmon/hwmon1");
    HwmonMeters.FileSource currVolt = new HwmonMeters.FileSource(chip.resolve("curr1_input"), chip.resolve("in1_input"),
        1, "ina3221 VDD_IN");
    HwmonMeters.FileSource power = new HwmonMeters.FileSource(chip.resolve("in_power0_input"), null, 1000,
        "ina3221x POM_5V_IN");
    String curr = data.consumeString(40);
    String volt = data.consumeRemainingAsString();
    expectPowerOrIoError(() -> currVolt.microwatts(curr, volt));
    expectPowerOrIoError(() -> power.microwatts(curr, null));
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
  void batteryGauge(FuzzedDataProvider data) {
    // a power_supply directory's nodes as the sysfs reader parses them, then the discharge power
    Path bat = Path.of("/sys/class/power_supply/BAT0");
    String status = data.consumeBoolean() ? data.consumeString(16) : null;
    String[] nodes = {"power_now", "current_now", "voltage_now"};
    String[] text = new String[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      text[i] = data.consumeBoolean() ? SysfsReader.firstLine(data.consumeString(24)) : null;
    }
    BatteryReadings readings = new BatteryReadings() {
      @Override
      public Status status() {
        return status == null ? Status.UNKNOWN : Status.fromSysfs(status);
      }

      @Override
      public OptionalLong powerMicrowatts() throws IOException {
        return node(bat.resolve(nodes[0]), text[0]);
      }

      @Override
      public OptionalLong currentMicroamps() throws IOException {
        return node(bat.resolve(nodes[1]), text[1]);
      }

      @Override
      public OptionalLong voltageMicrovolts() throws IOException {
        return node(bat.resolve(nodes[2]), text[2]);
      }

      @Override
      public String describe() {
        return bat.toString();
      }
    };
    BatteryPowerSource source = new BatteryPowerSource(readings);
    expectPowerOrIoError(source::readMicrowatts);
    expectPowerOrIoError(source::readMicrowatts);   // again, with the discharge direction learned
  }

  /** A gauge node as the sysfs reader parses it: empty when absent ({@code text == null}). */
  private static OptionalLong node(Path node, String text) throws IOException {
    return text == null ? OptionalLong.empty() : OptionalLong.of(SysfsRead.parseNumber(node, text));
  }

  /** One reading of a power source. */
  private interface Reading {
    long microwatts() throws IOException;
  }

  /** A power reading is a power (>= 0) or an IOException that names what is wrong; nothing else. */
  private static void expectPowerOrIoError(Reading r) {
    try {
      assertThat(r.microwatts()).isNotNegative();
    } catch (IOException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
