package io.edgeenergy.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Power;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BuiltInProfileTest {
  @Test
  void everyBuiltInLoadsWithOnlyPositiveValues() {
    assertThat(PowerProfile.builtInNames()).contains(PowerProfile.GENERIC_X86_64);
    for (String name : PowerProfile.builtInNames()) {
      PowerProfile p = PowerProfile.builtIn(name);
      assertThat(p.name()).isEqualTo(name);
      assertThat(p.source()).isNotBlank();
      assertThat(p.basePower().microwatts()).isPositive();
      p.nominalVolts().ifPresent(v -> assertThat(v).isPositive());
      assertThat(p.clusters()).isNotEmpty().allSatisfy(c -> {
        assertThat(c.cores()).isPositive();
        assertThat(c.points()).isNotEmpty().allSatisfy(pt -> {
          assertThat(pt.frequencyKhz()).isPositive();
          assertThat(pt.activePowerPerCore().microwatts()).isPositive();
        });
      });
    }
  }

  @Test
  void genericX86HasTheCitedNumbers() {
    PowerProfile p = PowerProfile.builtIn(PowerProfile.GENERIC_X86_64);
    // 12 W / 4 cores at 1.3 GHz and 28 W / 4 cores at 2.9 GHz (i7-1195G7); 56 Wh / 11.5 h base.
    assertThat(p.biggestCluster().cores()).isEqualTo(4);
    assertThat(p.activePowerPerCore(1_300_000)).isEqualTo(Power.ofWatts(3));
    assertThat(p.typicalActivePowerPerCore()).isEqualTo(Power.ofWatts(7));
    assertThat(p.typicalFrequencyKhz()).isEqualTo(2_900_000);
    assertThat(p.basePower()).isEqualTo(Power.ofMilliwatts(4870));
  }

  @Test
  void builtInIsTheSameAsItsResource() {
    assertThat(PowerProfile.builtIn(PowerProfile.GENERIC_X86_64))
        .isEqualTo(PowerProfile.fromResource("/io/edgeenergy/runtime/profiles/generic-x86-64.properties"));
  }

  @Test
  void everyNumberInTheFileHasACitedSource() throws IOException {
    String text;
    try (InputStream in = PowerProfile.class.getResourceAsStream("/io/edgeenergy/runtime/profiles/generic-x86-64.properties")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).contains("https://", "12 W", "28 W", "4 cores", "56 Wh", "Coarse estimate", "COARSE ESTIMATE");
  }

  @Test
  void boardProfilesCarryTheirDerivedFigures() {
    // (5.364 - 0.540) W / 4 cores at 2.4 GHz; ~2 W idle (Geerling; zeus pmic capture)
    PowerProfile pi5 = PowerProfile.builtIn(PowerProfile.RASPBERRY_PI_5);
    assertThat(pi5.typicalActivePowerPerCore()).isEqualTo(Power.ofMilliwatts(1206));
    assertThat(pi5.typicalFrequencyKhz()).isEqualTo(2_400_000);
    assertThat(pi5.biggestCluster().cores()).isEqualTo(4);
    assertThat(pi5.basePower()).isEqualTo(Power.ofMilliwatts(2000));
    // (6.41 - 2.1) W / 4 cores at 1.5 GHz (MagPi 88)
    PowerProfile pi4 = PowerProfile.builtIn(PowerProfile.RASPBERRY_PI_4);
    assertThat(pi4.typicalActivePowerPerCore()).isEqualTo(Power.ofMilliwatts(1078));
    assertThat(pi4.basePower()).isEqualTo(Power.ofMilliwatts(2100));
    // (15 - 2.18) W / 6 cores at 1.51 GHz and (7 - 2.18) W / 4 cores at 1.13 GHz
    PowerProfile orin = PowerProfile.builtIn(PowerProfile.JETSON_ORIN_NANO);
    assertThat(orin.biggestCluster().cores()).isEqualTo(6);
    assertThat(orin.activePowerPerCore(1_510_000)).isEqualTo(Power.ofMilliwatts(2137));
    assertThat(orin.activePowerPerCore(1_130_000)).isEqualTo(Power.ofMilliwatts(1205));
    // 15 W / 8 cores at 1.8 GHz (Ryzen 7 4800U); 56 Wh / 11.5 h
    PowerProfile laptop = PowerProfile.builtIn(PowerProfile.GENERIC_X86_LAPTOP);
    assertThat(laptop.typicalActivePowerPerCore()).isEqualTo(Power.ofMilliwatts(1875));
    assertThat(laptop.biggestCluster().cores()).isEqualTo(8);
    assertThat(laptop.basePower()).isEqualTo(Power.ofMilliwatts(4870));
  }

  @Test
  void everyBoardFileCitesItsSourcesAndDerivation() throws IOException {
    for (String name : PowerProfile.builtInNames()) {
      String text;
      try (InputStream in = PowerProfile.class.getResourceAsStream("/io/edgeenergy/runtime/profiles/" + name + ".properties")) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(text).as(name).contains("SOURCES", "https://", "ESTIMATE");
      assertThat(text).as(name).containsAnyOf("DERIVATION", "TDP / cores");
    }
  }
}
