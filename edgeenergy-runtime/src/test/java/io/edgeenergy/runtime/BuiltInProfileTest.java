package io.edgeenergy.runtime;

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
    try (InputStream in = PowerProfile.class.getResourceAsStream("profiles/generic-x86-64.properties")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).contains("https://", "12 W", "28 W", "4 cores", "56 Wh", "Coarse estimate", "COARSE ESTIMATE");
  }
}
