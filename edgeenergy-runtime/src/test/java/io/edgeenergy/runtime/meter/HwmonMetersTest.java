package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HwmonMetersTest {
  @TempDir Path root;

  private void write(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void ina3221CurrentTimesVoltageWithLabelsSkipsNcAndIntegrates() throws Exception {
    write("class/hwmon/hwmon1/name", "ina3221\n");
    write("class/hwmon/hwmon1/in1_label", "VDD_IN\n");
    write("class/hwmon/hwmon1/in1_input", "5000\n");
    write("class/hwmon/hwmon1/curr1_input", "1000\n");
    write("class/hwmon/hwmon1/in2_label", "NC\n");
    write("class/hwmon/hwmon1/in2_input", "0\n");
    write("class/hwmon/hwmon1/curr2_input", "0\n");
    write("class/hwmon/hwmon1/in3_label", "VDD_SOC\n");
    write("class/hwmon/hwmon1/in3_input", "garbage\n");
    write("class/hwmon/hwmon1/curr3_input", "10\n");
    HwmonMeters.Discovery d = HwmonMeters.discover(root);
    assertThat(d.channels()).extracting(HwmonMeters.Channel::label).containsExactly("VDD_IN");
    assertThat(d.reasons()).anyMatch(r -> r.contains("NC")).anyMatch(r -> r.contains("not a number"));

    AtomicLong now = new AtomicLong();
    SampledPowerMeter m = SampledPowerMeter.builder("vdd-in", d.byLabel("vdd_in").orElseThrow().source())
        .ticker(now::get).build();
    m.sampleNow();
    now.set(1_000_000_000L);
    m.sampleNow(); // 5 W for 1 s = 5 J
    assertThat(m.readNanojoules()).isEqualTo(5_000_000_000L);

    Files.delete(root.resolve("class/hwmon/hwmon1/curr1_input"));
    now.set(2_000_000_000L);
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.readNanojoules()).isEqualTo(5_000_000_000L);
  }

  @Test
  void powerNodeAndMissingTree() throws Exception {
    assertThat(HwmonMeters.discover(root).channels()).isEmpty();
    write("class/hwmon/hwmon0/name", "acpi_power\n");
    write("class/hwmon/hwmon0/power1_input", "12500000\n");
    write("class/hwmon/hwmon2/name", "empty\n");
    write("class/hwmon/hwmon2/power1_input", "");
    HwmonMeters.Discovery d = HwmonMeters.discover(root);
    assertThat(d.channels()).hasSize(1);
    assertThat(d.channels().get(0).source().readMicrowatts()).isEqualTo(12_500_000L);
    assertThat(d.reasons()).anyMatch(r -> r.contains("empty"));
  }

  @Test
  void jetpack4IioLayoutInMilliwattsPicksPom5vInNotSum() throws Exception {
    String dev = "bus/i2c/drivers/ina3221x/6-0040/iio:device0/";
    write(dev + "rail_name_0", "POM_5V_IN\n");
    write(dev + "in_power0_input", "2043\n");
    write(dev + "rail_name_1", "POM_5V_GPU\n");
    write(dev + "in_power1_input", "0\n");
    write(dev + "rail_name_2", "POM_5V_CPU\n");
    write(dev + "in_power2_input", "411\n");
    HwmonMeters.Discovery d = HwmonMeters.discoverIna3221x(root);
    assertThat(d.channels()).hasSize(3);
    assertThat(d.boardInput().orElseThrow().source().readMicrowatts()).isEqualTo(2_043_000L);
  }
}
