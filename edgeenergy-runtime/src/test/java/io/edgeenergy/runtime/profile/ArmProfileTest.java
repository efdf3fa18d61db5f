package io.edgeenergy.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Power;
import io.edgeenergy.runtime.internal.DeviceProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ARM profiles (issue #11): their cited figures, and who gets them. */
class ArmProfileTest {
  @TempDir
  Path sys;

  @Test
  void genericArm64CarriesThePixel4aFiguresAtThreePointEightVolts() throws IOException {
    PowerProfile p = PowerProfile.builtIn(PowerProfile.GENERIC_ARM64);
    // big (A76 class): 133.105 mA x 3.8 V at 2.208 GHz; little (A55 class): 21.40833 mA x 3.8 V at 1.8048 GHz
    assertThat(p.biggestCluster().name()).isEqualTo("big");
    assertThat(p.typicalActivePowerPerCore()).isEqualTo(Power.ofMilliwatts(506));
    assertThat(p.typicalFrequencyKhz()).isEqualTo(2_208_000);
    assertThat(p.clusters()).extracting(CpuCluster::cores).containsExactly(6, 2);
    assertThat(p.clusters().get(0).highest().activePowerPerCore()).isEqualTo(Power.ofMilliwatts(81));
    assertThat(p.basePower()).isEqualTo(Power.ofMilliwatts(500));
    // an order of magnitude below the x86 default it replaces on ARM (7 W per core)
    assertThat(p.typicalActivePowerPerCore().microwatts() * 10)
        .isLessThan(PowerProfile.builtIn(PowerProfile.GENERIC_X86_64).typicalActivePowerPerCore().microwatts());
    String text;
    try (InputStream in = PowerProfile.class.getResourceAsStream("/io/edgeenergy/runtime/profiles/generic-arm64.properties")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).contains("https://www.anandtech.com/show/13786", "sunfish.sql", "133.105 x 3.8", "COARSE ESTIMATE");
  }

  @Test
  void jetsonOrinNxUsesTheOrinNanoCoreFiguresOnEightCores() {
    PowerProfile nx = PowerProfile.builtIn(PowerProfile.JETSON_ORIN_NX);
    PowerProfile nano = PowerProfile.builtIn(PowerProfile.JETSON_ORIN_NANO);
    assertThat(nx.biggestCluster().cores()).isEqualTo(8);
    assertThat(nx.activePowerPerCore(1_510_000)).isEqualTo(nano.activePowerPerCore(1_510_000));
    assertThat(nx.activePowerPerCore(1_130_000)).isEqualTo(Power.ofMilliwatts(1205));
  }

  @Test
  void armBoardsWithoutADeviceTreeMatchGetTheArmDefaultNotTheX86One() {
    for (String arch : new String[] {"aarch64", "arm64", "arm"}) {
      DeviceProfiles.Choice c = DeviceProfiles.choose(sys, arch);
      assertThat(c.profileName()).as(arch).isEqualTo(PowerProfile.GENERIC_ARM64);
      assertThat(c.generic()).isTrue();
    }
    assertThat(DeviceProfiles.choose(sys, "riscv64").profileName()).isEqualTo(PowerProfile.GENERIC_X86_64);
  }
}
