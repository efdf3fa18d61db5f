package io.edgeenergy.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.EdgeEnergyException;
import io.edgeenergy.Power;
import io.edgeenergy.runtime.internal.ProfileParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PowerProfileLoadingTest {
  @TempDir Path dir;

  @Test
  void loadsEveryFieldOfAGoodFile() throws IOException {
    PowerProfile p = PowerProfile.load(TestProfiles.write(dir, "board.properties", TestProfiles.GOOD));

    assertThat(p.name()).isEqualTo("test-board");
    assertThat(p.source()).isEqualTo("made up for tests: no real device");
    assertThat(p.basePower()).isEqualTo(Power.ofMilliwatts(1500));
    assertThat(p.nominalVolts()).hasValue(3.7);
    assertThat(p.clusters()).extracting(CpuCluster::name).containsExactly("little", "big");
    CpuCluster big = p.cluster("big").orElseThrow();
    assertThat(big.cores()).isEqualTo(2);
    assertThat(big.points()).containsExactly(
        new OperatingPoint(1_000_000, Power.ofMilliwatts(500)),
        new OperatingPoint(2_000_000, Power.ofMicrowatts(1_500_500)),
        new OperatingPoint(3_000_000, Power.ofMilliwatts(3500)));
    assertThat(p.cluster("little").orElseThrow().cores()).isEqualTo(4);
  }

  @Test
  void theJavadocExampleParses() throws IOException {
    String example = String.join("\n",
        "# the profile's name, non-blank",
        "name = my-board",
        "# where the numbers come from, non-blank",
        "source = Vendor datasheet rev 3, table 12; 15 W TDP / 4 cores",
        "baseMilliwatts = 4870",
        "nominalVolts = 3.85",
        "clusters = little, big",
        "cluster.big.cores = 4",
        "cluster.big.activeMilliwatts.1300000 = 3000",
        "cluster.big.activeMilliwatts.2900000 = 7000",
        "cluster.little.cores = 4",
        "cluster.little.activeMilliwatts.1800000 = 400");
    PowerProfile p = PowerProfile.load(TestProfiles.write(dir, "example.properties", example));
    assertThat(p.biggestCluster().name()).isEqualTo("big");
    assertThat(p.typicalActivePowerPerCore()).isEqualTo(Power.ofWatts(7));
    assertThat(p.source()).isEqualTo("Vendor datasheet rev 3, table 12; 15 W TDP / 4 cores");
  }

  @Test
  void nominalVoltsIsOptional() throws IOException {
    PowerProfile p = PowerProfile.load(TestProfiles.write(dir, "p.properties", TestProfiles.without("nominalVolts")));
    assertThat(p.nominalVolts()).isEmpty();
  }

  @Test
  void fileAndResourceOfTheSameTextAreEqual() throws IOException {
    PowerProfile fromFile = PowerProfile.load(TestProfiles.write(dir, "p.properties", TestProfiles.GOOD));
    PowerProfile again = PowerProfile.load(TestProfiles.write(dir, "q.properties", TestProfiles.GOOD));
    assertThat(fromFile).isEqualTo(again).hasSameHashCodeAs(again);
    assertThat(fromFile.toString()).contains("test-board", "little", "big", "1.500 W", "3.7 V");
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("missing name", TestProfiles.without("name"), "name", "missing"),
        Arguments.of("blank source", TestProfiles.with("source", "   "), "source", "is empty"),
        Arguments.of("missing base", TestProfiles.without("baseMilliwatts"), "baseMilliwatts", "missing"),
        Arguments.of("base not a number", TestProfiles.with("baseMilliwatts", "1.5W"), "baseMilliwatts",
            "must be a decimal number"),
        Arguments.of("base NaN", TestProfiles.with("baseMilliwatts", "NaN"), "baseMilliwatts", "finite"),
        Arguments.of("base infinite", TestProfiles.with("baseMilliwatts", "Infinity"), "baseMilliwatts", "finite"),
        Arguments.of("base negative", TestProfiles.with("baseMilliwatts", "-1"), "baseMilliwatts", ">= 0 mW"),
        Arguments.of("volts zero", TestProfiles.with("nominalVolts", "0"), "nominalVolts", "> 0 V"),
        Arguments.of("missing clusters", TestProfiles.without("clusters"), "clusters", "missing"),
        Arguments.of("bad cluster list", TestProfiles.with("clusters", "little,,big"), "clusters",
            "[A-Za-z0-9_-]+"),
        Arguments.of("cluster twice", TestProfiles.with("clusters", "little, big, little"), "clusters", "twice"),
        Arguments.of("cores missing", TestProfiles.without("cluster.big.cores"), "cluster.big.cores", "missing"),
        Arguments.of("cores not whole", TestProfiles.with("cluster.big.cores", "two"), "cluster.big.cores",
            "whole number >= 1"),
        Arguments.of("cores zero", TestProfiles.with("cluster.big.cores", "0"), "cluster.big.cores", ">= 1"),
        Arguments.of("active negative", TestProfiles.with("cluster.big.activeMilliwatts.1000000", "-500"),
            "cluster.big.activeMilliwatts.1000000", "> 0 mW"),
        Arguments.of("active zero", TestProfiles.with("cluster.big.activeMilliwatts.1000000", "0"),
            "cluster.big.activeMilliwatts.1000000", "> 0 mW"),
        Arguments.of("active NaN", TestProfiles.with("cluster.big.activeMilliwatts.1000000", "NaN"),
            "cluster.big.activeMilliwatts.1000000", "finite"),
        Arguments.of("active empty", TestProfiles.with("cluster.big.activeMilliwatts.1000000", ""),
            "cluster.big.activeMilliwatts.1000000", "is empty"),
        Arguments.of("kHz not a number", TestProfiles.GOOD + "cluster.big.activeMilliwatts.2GHz = 900\n",
            "cluster.big.activeMilliwatts.2GHz", "whole kHz"),
        Arguments.of("no points", TestProfiles.GOOD.replaceAll("cluster\\.little\\.activeMilliwatts[^\n]*\n", ""),
            "cluster.little.activeMilliwatts.<kHz>", "at least one point"),
        Arguments.of("unknown key", TestProfiles.GOOD + "baseMiliwatts = 5\n", "baseMiliwatts", "unknown key"),
        Arguments.of("unlisted cluster", TestProfiles.GOOD + "cluster.gpu.cores = 1\n", "cluster.gpu.cores",
            "unknown key"),
        Arguments.of("repeated key", TestProfiles.GOOD + "baseMilliwatts = 99\n", "baseMilliwatts",
            "more than once"),
        Arguments.of("bad escape", TestProfiles.GOOD + "note = \\uZZZZ\n", "", "properties syntax"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFileNamesFileKeyAndExpectation(String caseName, String text, String key, String expected)
      throws IOException {
    Path file = TestProfiles.write(dir, "bad.properties", text);

    assertThatThrownBy(() -> PowerProfile.load(file))
        .isInstanceOf(ProfileFormatException.class)
        .isInstanceOf(EdgeEnergyException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(key.isEmpty() ? "" : "'" + key + "'")
        .hasMessageContaining(expected)
        .satisfies(e -> {
          ProfileFormatException pfe = (ProfileFormatException) e;
          assertThat(pfe.origin()).isEqualTo(file.toString());
          assertThat(pfe.key()).isEqualTo(key);
        });
  }

  @Test
  void invalidUtf8IsAFormatError() throws IOException {
    Path file = dir.resolve("latin1.properties");
    Files.write(file, new byte[] {'n', 'a', 'm', 'e', '=', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> PowerProfile.load(file))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("UTF-8");
  }

  @Test
  void missingFileSaysNotFound() {
    Path file = dir.resolve("nope.properties");
    assertThatThrownBy(() -> PowerProfile.load(file))
        .isInstanceOf(PowerProfileException.class)
        .isNotInstanceOf(ProfileFormatException.class)
        .hasMessage("power profile " + file + " not found");
  }

  @Test
  void directoryIsNotAProfile() {
    assertThatThrownBy(() -> PowerProfile.load(dir))
        .isInstanceOf(PowerProfileException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("is a directory");
  }

  @Test
  void unreadableFileSaysPermissionDenied() throws IOException {
    Path file = TestProfiles.write(dir, "secret.properties", TestProfiles.GOOD);
    // the build runs as root, where file modes refuse nothing: inject the EACCES open(2) would give
    ProfileParser.Opener denied = p -> {
      throw new AccessDeniedException(p.toString());
    };

    assertThatThrownBy(() -> ProfileParser.read(file, denied, in -> ProfileParser.parse(in, file.toString())))
        .isInstanceOf(PowerProfileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not readable (permission denied)")
        .hasMessageContaining("chmod a+r " + file);
  }

  @Test
  void missingResourceSaysNotFoundOnClassPath() {
    assertThatThrownBy(() -> PowerProfile.fromResource("io/edgeenergy/runtime/profiles/nope.properties"))
        .isInstanceOf(PowerProfileException.class)
        .hasMessageContaining("classpath:io/edgeenergy/runtime/profiles/nope.properties not found");
  }

  @Test
  void unknownBuiltInListsTheKnownOnes() {
    assertThatThrownBy(() -> PowerProfile.builtIn("raspberry-pi-9"))
        .isInstanceOf(PowerProfileException.class)
        .hasMessageContaining("raspberry-pi-9")
        .hasMessageContaining("generic-x86-64");
  }
}
