package io.edgeenergy.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Power;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPowerProfileTest {
  static final String GOOD = """
      {
        "name": "test-board",
        "source": "made up for tests: no real device",
        "baseMilliwatts": 1500,
        "nominalVolts": 3.7,
        "clusters": [
          {"name": "little", "cores": 4, "activeMilliwatts": {"600000": 100, "1800000": 400}},
          {"name": "big", "cores": 2, "activeMilliwatts": {"1000000": 500, "2000000": 1500.5, "3000000": 3500}}
        ]
      }
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void jsonAndPropertiesOfTheSameProfileAreEqual() throws IOException {
    PowerProfile json = PowerProfile.load(write("p.json", GOOD));
    PowerProfile props = PowerProfile.load(TestProfiles.write(dir, "p.properties", TestProfiles.GOOD));
    assertThat(json).isEqualTo(props);
    assertThat(json.cluster("big").orElseThrow().activePowerPerCore(2_000_000)).isEqualTo(Power.ofMicrowatts(1_500_500));
  }

  @Test
  void everyBuiltInRoundTripsThroughJson() throws IOException {
    for (String name : PowerProfile.builtInNames()) {
      PowerProfile p = PowerProfile.builtIn(name);
      assertThat(PowerProfile.load(write(name + ".json", p.toJson()))).as(name).isEqualTo(p);
    }
  }

  @Test
  void microwattPrecisionSurvivesTheRoundTrip() throws IOException {
    PowerProfile p = PowerProfile.custom().name("odd").source("test").basePower(Power.ofMicrowatts(1))
        .cluster("c", 3, java.util.Map.of(1L, Power.ofMicrowatts(123_456_789))).build();
    String json = p.toJson();
    assertThat(json).contains("\"baseMilliwatts\": 0.001", "\"1\": 123456.789").doesNotContain("nominalVolts");
    assertThat(PowerProfile.load(write("odd.json", json))).isEqualTo(p);
  }

  @Test
  void whatCalibrateWritesLoadsBackAsTheFit() throws IOException {
    ProfileCalibrator.Fit fit = ProfileCalibrator.fit(List.of(
        new ProfileCalibrator.Sample(1_000_000_000L, 2_000_000_000L, 9_000_000_000L),
        new ProfileCalibrator.Sample(250_000_000L, 2_000_000_000L, 6_750_000_000L)));
    Path json = dir.resolve("calibrated-profile.json");
    Path props = dir.resolve("calibrated-profile.properties");
    fit.write(json, "calibrated", "rapl:package-0: test", 8, 2_400_000);
    fit.write(props, "calibrated", "rapl:package-0: test", 8, 2_400_000);

    PowerProfile fromJson = PowerProfile.load(json);
    assertThat(Files.readString(json)).startsWith("{");
    assertThat(fromJson.typicalActivePowerPerCore()).isEqualTo(fit.activePowerPerCore()).isEqualTo(Power.ofWatts(3));
    assertThat(fromJson.basePower()).isEqualTo(fit.basePower()).isEqualTo(Power.ofWatts(3));
    assertThat(fromJson.biggestCluster().cores()).isEqualTo(8);
    assertThat(fromJson.typicalFrequencyKhz()).isEqualTo(2_400_000);
    assertThat(fromJson.source()).contains("edgeenergy calibrate", "rapl:package-0", "RMS error");
    PowerProfile fromProps = PowerProfile.load(props);
    assertThat(fromProps.typicalActivePowerPerCore()).isEqualTo(fromJson.typicalActivePowerPerCore());
    assertThat(fromProps.basePower()).isEqualTo(fromJson.basePower());
  }

  static Stream<Arguments> badJson() {
    return Stream.of(
        Arguments.of("unknown key", GOOD.replace("\"nominalVolts\"", "\"nominalVolt\""), "nominalVolt", "unknown key"),
        Arguments.of("repeated key", GOOD.replace("\"nominalVolts\": 3.7,", "\"nominalVolts\": 3.7, \"nominalVolts\": 5,"),
            "nominalVolts", "more than once"),
        Arguments.of("number as string", GOOD.replace("1500,", "\"1500\","), "baseMilliwatts", "must be a JSON number"),
        Arguments.of("negative base", GOOD.replace("1500,", "-1,"), "baseMilliwatts", ">= 0 mW"),
        Arguments.of("zero active", GOOD.replace("\"600000\": 100", "\"600000\": 0"),
            "clusters[0].activeMilliwatts.600000", "> 0 mW"),
        Arguments.of("kHz not whole", GOOD.replace("\"600000\"", "\"0.6GHz\""), "clusters[0].activeMilliwatts.0.6GHz",
            "whole kHz"),
        Arguments.of("cores fractional", GOOD.replace("\"cores\": 2", "\"cores\": 1.5"), "clusters[1].cores",
            "whole number >= 1"),
        Arguments.of("missing clusters", GOOD.replaceAll("(?s),\\s*\"clusters\".*\\]", ""), "clusters", "missing"),
        Arguments.of("missing source", GOOD.replace("\"source\": \"made up for tests: no real device\",", ""), "source", "missing"),
        Arguments.of("duplicate cluster name", GOOD.replace("\"name\": \"big\"", "\"name\": \"little\""), "clusters[1]",
            "already added"),
        Arguments.of("comment", "// note\n" + GOOD, "", "not valid JSON"),
        Arguments.of("trailing comma", GOOD.replace("3500}}", "3500},}"), "", "not valid JSON"),
        Arguments.of("truncated", GOOD.substring(0, 40), "", "not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJson")
  void badJsonNamesTheFileAndTheKey(String caseName, String text, String key, String expected) throws IOException {
    Path file = write("bad.json", text);
    assertThatThrownBy(() -> PowerProfile.load(file))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((ProfileFormatException) e).key()).isEqualTo(key));
  }
}
