package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.testkit.SysfsTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DoctorCommandTest {
  private String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = EdgeEnergyCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void saysPlainlyWhenThereIsNoMeter(@TempDir Path sys) {
    String text = run("doctor", "--sys", sys.toString());
    assertThat(text).contains("Using: cpu-time-estimator [ESTIMATED]").contains("No measured meter here")
        .contains("Thermal zones: none").contains("cpufreq policies: none");
    assertThat(text.substring(text.indexOf("Using:"))).doesNotContain("[MEASURED]");
  }

  @Test
  void listsThermalZonesIncludingUnreadableOnes(@TempDir Path sys) {
    SysfsTree.at(sys).write("class/thermal/thermal_zone0/type", "cpu-thermal").write("class/thermal/thermal_zone0/temp", 48312)
        .write("class/thermal/thermal_zone1/type", "gpu-thermal");
    String text = run("doctor", "--sys", sys.toString());
    assertThat(text).contains("thermal_zone0: cpu-thermal, 48.312 °C").contains("thermal_zone1: gpu-thermal, temperature unreadable (NoSuchFileException");
  }
}
