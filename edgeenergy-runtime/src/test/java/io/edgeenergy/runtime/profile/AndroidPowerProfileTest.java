package io.edgeenergy.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Power;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Android power_profile.xml on real device files from the testkit (sources in their headers). */
class AndroidPowerProfileTest {
  private static final String FIXTURES = "io/edgeenergy/testkit/android/";
  private static final String GUACAMOLE = "power_profile-oneplus-7-pro-guacamole-sm8150.xml";
  private static final String ONEPLUS3 = "power_profile-oneplus-3-msm8996-legacy.xml";

  @TempDir Path dir;

  static String fixture(String name) throws IOException {
    try (InputStream in = AndroidPowerProfileTest.class.getClassLoader().getResourceAsStream(FIXTURES + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static Power ma(double milliamps, double volts) {
    return Power.ofMilliamps(milliamps, volts);
  }

  @Test
  void oneplus7ProClustersSpeedsAndCurrentsAtTheDefaultVoltage() throws IOException {
    PowerProfile p = PowerProfile.load(write("power_profile.xml", fixture(GUACAMOLE)));

    assertThat(p.nominalVolts()).hasValue(PowerProfile.ANDROID_DEFAULT_VOLTS).hasValue(3.8);
    assertThat(p.clusters()).extracting(CpuCluster::name).containsExactly("cluster0", "cluster1", "cluster2");
    assertThat(p.clusters()).extracting(CpuCluster::cores).containsExactly(4, 3, 1);
    assertThat(p.cluster("cluster0").orElseThrow().points()).hasSize(15);
    assertThat(p.cluster("cluster1").orElseThrow().points()).hasSize(17);
    CpuCluster prime = p.cluster("cluster2").orElseThrow();
    assertThat(prime.points()).hasSize(20);
    // 504.67 mA at 2841600 kHz, no cluster_power or cpu.active in this file
    assertThat(prime.highest()).isEqualTo(new OperatingPoint(2_841_600, ma(504.67, 3.8)));
    assertThat(prime.lowest()).isEqualTo(new OperatingPoint(825_600, ma(166.02, 3.8)));
    assertThat(p.biggestCluster()).isEqualTo(prime);
    assertThat(p.basePower()).isEqualTo(ma(5, 3.8)); // cpu.idle, not cpu.awake
    assertThat(p.name()).isEqualTo("android-power_profile");
    assertThat(p.source()).contains("power_profile.xml", "3.8 V", "core_power + cluster_power + cpu.active");
  }

  @Test
  void theCallersVoltageScalesEveryFigure() throws IOException {
    Path file = write("power_profile.xml", fixture(GUACAMOLE));
    PowerProfile p = PowerProfile.loadAndroid(file, 3.85);
    assertThat(p.nominalVolts()).hasValue(3.85);
    assertThat(p.typicalActivePowerPerCore()).isEqualTo(ma(504.67, 3.85));
    assertThatThrownBy(() -> PowerProfile.loadAndroid(file, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nominalVolts");
  }

  @Test
  void theFixtureLoadsFromTheClassPathToo() {
    PowerProfile p = PowerProfile.fromResource(FIXTURES + GUACAMOLE);
    assertThat(p.name()).isEqualTo("android-power_profile-oneplus-7-pro-guacamole-sm8150");
    assertThat(p.clusters()).hasSize(3);
  }

  @Test
  void preAndroid8SpeedsAndActiveArraysAreRead() throws IOException {
    PowerProfile p = PowerProfile.load(write("oneplus3.xml", fixture(ONEPLUS3)));
    assertThat(p.clusters()).extracting(CpuCluster::cores).containsExactly(2, 2);
    CpuCluster big = p.cluster("cluster1").orElseThrow();
    assertThat(big.points()).hasSize(25);
    assertThat(big.highest()).isEqualTo(new OperatingPoint(2_150_400, ma(655, 3.8)));
    assertThat(p.cluster("cluster0").orElseThrow().highest()).isEqualTo(new OperatingPoint(1_593_600, ma(356, 3.8)));
    assertThat(p.basePower()).isEqualTo(ma(4.9, 3.8));
  }

  @Test
  void clusterPowerAndCpuActiveAreAddedToEveryCorePoint() throws IOException {
    String text = fixture(GUACAMOLE).replace("\t<item name=\"cpu.idle\">5</item>",
        "\t<item name=\"cpu.idle\">5</item>\n\t<item name=\"cpu.active\">12.37</item>\n"
            + "\t<item name=\"cpu.cluster_power.cluster0\">0.24</item>\n"
            + "\t<item name=\"cpu.cluster_power.cluster2\">5.94</item>");
    PowerProfile p = PowerProfile.load(write("p.xml", text));
    assertThat(p.cluster("cluster2").orElseThrow().highest().activePowerPerCore())
        .isEqualTo(ma(504.67 + 5.94 + 12.37, 3.8));
    assertThat(p.cluster("cluster0").orElseThrow().lowest().activePowerPerCore())
        .isEqualTo(ma(28.38 + 0.24 + 12.37, 3.8));
    // no cluster_power for cluster1: only cpu.active is added
    assertThat(p.cluster("cluster1").orElseThrow().lowest().activePowerPerCore()).isEqualTo(ma(57.67 + 12.37, 3.8));
  }

  @Test
  void perPolicyStepPowerTakesPrecedenceOverCorePower() throws IOException {
    // clusters of 4, 3, 1 cores: their policies are policy0, policy4, policy7
    StringBuilder steps = new StringBuilder("\t<item name=\"cpu.scaling_policy_power.policy7\">10</item>\n"
        + "\t<array name=\"cpu.scaling_step_power.policy7\">\n");
    for (int i = 0; i < 20; i++) {
      steps.append("\t\t<value>").append(100 + i).append("</value>\n");
    }
    steps.append("\t</array>\n");
    String text = fixture(GUACAMOLE).replace("</device>", steps + "</device>");
    PowerProfile p = PowerProfile.load(write("p.xml", text));
    assertThat(p.cluster("cluster2").orElseThrow().highest()).isEqualTo(new OperatingPoint(2_841_600, ma(119 + 10, 3.8)));
    assertThat(p.cluster("cluster0").orElseThrow().lowest().activePowerPerCore()).isEqualTo(ma(28.38, 3.8));
  }

  static Stream<Arguments> malformed() throws IOException {
    String good = fixture(GUACAMOLE);
    return Stream.of(
        Arguments.of("missing cores array", good.replaceAll("(?s)\t<array name=\"cpu.clusters.cores\">.*?</array>\n", ""),
            "cpu.clusters.cores", "missing"),
        Arguments.of("missing core_power array",
            good.replaceAll("(?s)\t<array name=\"cpu.core_power.cluster1\">.*?</array>\n", ""),
            "cpu.core_power.cluster1", "missing"),
        Arguments.of("missing speeds array",
            good.replaceAll("(?s)\t<array name=\"cpu.core_speeds.cluster2\">.*?</array>\n", ""),
            "cpu.core_speeds.cluster2", "missing"),
        Arguments.of("non-numeric current", good.replace("<value>433.43</value>", "<value>433,43</value>"),
            "cpu.core_power.cluster2", "must be a decimal number"),
        Arguments.of("non-numeric core count", good.replace("\t\t<value>3</value>\n\t\t<value>1</value>",
            "\t\t<value>three</value>\n\t\t<value>1</value>"), "cpu.clusters.cores", "must be a decimal number"),
        Arguments.of("mismatched lengths", good.replace("\t\t<value>504.67</value>\n", ""),
            "cpu.core_power.cluster2", "has 19 values but cpu.core_speeds.cluster2 has 20"),
        Arguments.of("zero current", good.replace("<value>28.38</value>", "<value>0</value>"),
            "cpu.core_power.cluster0", "> 0 mA"),
        Arguments.of("missing cpu.idle", good.replace("\t<item name=\"cpu.idle\">5</item>\n", "")
            .replace("\t<item name=\"cpu.awake\">8</item>\n", ""), "cpu.idle", "missing"),
        Arguments.of("repeated cpu key", good.replace("\t<item name=\"cpu.idle\">5</item>",
            "\t<item name=\"cpu.idle\">5</item>\n\t<item name=\"cpu.idle\">6</item>"), "cpu.idle", "more than once"),
        Arguments.of("wrong root", "<?xml version=\"1.0\"?>\n<resources/>\n", "", "expected <device>"),
        Arguments.of("not XML", "cpu.idle = 5\n", "", "not well-formed XML"),
        Arguments.of("doctype with an external entity", "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE device [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + "<device name=\"Android\"><item name=\"cpu.idle\">&xxe;</item></device>\n", "", "DOCTYPE"),
        Arguments.of("doctype alone", "<?xml version=\"1.0\"?>\n<!DOCTYPE device>\n" + good.substring(
            good.indexOf("<device")), "", "DOCTYPE declarations are not allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFileNamesTheFileTheKeyAndTheFix(String caseName, String text, String key, String expected)
      throws IOException {
    Path file = write("bad.xml", text);
    assertThatThrownBy(() -> PowerProfile.load(file))
        .isInstanceOf(ProfileFormatException.class)
        .isInstanceOf(PowerProfileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(key.isEmpty() ? "" : "'" + key + "'")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((ProfileFormatException) e).key()).isEqualTo(key));
  }

  @Test
  void aMissingFileIsAProfileException() {
    Path missing = dir.resolve("nope.xml");
    assertThatThrownBy(() -> PowerProfile.loadAndroid(missing, 3.8))
        .isInstanceOf(PowerProfileException.class).hasMessageContaining(missing + " not found");
  }
}
