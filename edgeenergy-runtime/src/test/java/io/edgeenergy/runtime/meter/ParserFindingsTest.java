package io.edgeenergy.runtime.meter;

import io.edgeenergy.runtime.internal.BatteryPowerSource;
import io.edgeenergy.runtime.internal.PmicAdcParser;
import io.edgeenergy.runtime.internal.ProfileParser;
import io.edgeenergy.runtime.profile.ProfileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the Jazzer targets of {@link RuntimeParsersFuzzTest} found, each pinned as a plain test: every
 * one was a silent wrong number or an undocumented exception before its fix.
 */
class ParserFindingsTest {
  @TempDir Path dir;

  @Test
  void aHugePmicCurrentIsAMalformedLineNotAnOverflow() {
    PmicAdcParser.Reading r = PmicAdcParser.parse("  VDD_CORE_A current(7)=8600000000000.00000000A\n"
        + "  VDD_CORE_V volt(15)=3731003300.00000000V\n     HDMI_A current(22)=0.02417580A\n      HDMI_V volt(23)=5.08664000V\n");
    assertThat(r.malformed()).hasSize(2);
    assertThat(r.pairedRails()).containsExactly("HDMI");
    assertThat(r.totalMicrowatts()).isEqualTo(122_974);   // 0.0241758 A x 5.08664 V, rounded to µA and µV
  }

  @Test
  void anXmlDeclarationWithAnUnknownEncodingIsAProfileFormatErrorNotAnUnreadableFile() {
    byte[] xml = "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><device name=\"Android\"/>"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> io.edgeenergy.runtime.internal.AndroidProfileParser.parse(
        new java.io.ByteArrayInputStream(xml), "p.xml", "p", 3.8))
        .isInstanceOf(ProfileFormatException.class).hasMessageContaining("p.xml")
        .hasMessageContaining("encoding").hasMessageContaining("UTF-8");
  }

  @Test
  void anOutOfRangeJsonNumberIsAProfileFormatErrorNamingTheKey() {
    String json = "{\"name\": \"b\", \"source\": \"s\", \"baseMilliwatts\": 1111111111E1111111111111111111110110,"
        + " \"clusters\": []}";
    assertThatThrownBy(() -> ProfileParser.parse(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "p.json")).isInstanceOf(ProfileFormatException.class).hasMessageContaining("p.json")
        .hasMessageContaining("baseMilliwatts").hasMessageContaining("out of range");
  }

  @Test
  void aCounterBeyondALongIsAnErrorNotANegativeCount() throws IOException {
    Path f = dir.resolve("energy_uj");
    Files.writeString(f, "9999999999999999902");
    try (CounterFile c = CounterFile.open(f)) {
      assertThatThrownBy(c::readMicrojoules).isInstanceOf(IOException.class).hasMessageContaining(f.toString())
          .hasMessageContaining("too large");
    }
    Files.writeString(f, "0".repeat(40) + "123\n");
    try (CounterFile c = CounterFile.open(f)) {
      assertThatThrownBy(c::readMicrojoules).as("cut off at 32 bytes, it used to read 0")
          .isInstanceOf(IOException.class).hasMessageContaining("not a counter");
    }
  }

  @Test
  void aNegativeHwmonCurrentOrVoltageIsAnErrorNotAPositivePower() {
    HwmonMeters.FileSource s = new HwmonMeters.FileSource(dir.resolve("curr1_input"), dir.resolve("in1_input"), 1, "ina3221 VDD_IN");
    assertThatThrownBy(() -> s.microwatts("-432\n", "-5040\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("curr1_input = -432").hasMessageContaining("negative");
    assertThatThrownBy(() -> s.microwatts("4294967296\n", "4294967296\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void aBatteryPowerOfLongMinIsAnErrorNotANegativeDraw() {
    BatteryReadings minPower = new BatteryReadings() {
      @Override
      public Status status() {
        return Status.DISCHARGING;
      }

      @Override
      public OptionalLong currentMicroamps() {
        return OptionalLong.empty();
      }

      @Override
      public OptionalLong voltageMicrovolts() {
        return OptionalLong.empty();
      }

      @Override
      public OptionalLong powerMicrowatts() {
        return OptionalLong.of(Long.MIN_VALUE);
      }

      @Override
      public String describe() {
        return "test gauge";
      }
    };
    assertThatThrownBy(() -> new BatteryPowerSource(minPower).readMicrowatts()).isInstanceOf(IOException.class)
        .hasMessageContaining("test gauge").hasMessageContaining("out of range");
  }
}
