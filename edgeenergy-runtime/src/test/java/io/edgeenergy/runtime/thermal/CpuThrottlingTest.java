package io.edgeenergy.runtime.thermal;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.runtime.thermal.CpuThrottling.State;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttling detection on the i7-4710HQ's cpufreq policy, with the drops that capture reported. */
class CpuThrottlingTest {
  private static final String POLICY = "sys/devices/system/cpu/cpufreq/policy0/";

  @TempDir Path root;

  private SysfsTree x86() {
    return SysfsTree.at(root).load("thermal-x86-haswell-acpitz-pkgtemp.txt");
  }

  @Test
  void aLoweredScalingMaxFreqIsACap() {
    SysfsTree t = x86();
    CpuThrottling cpu = CpuThrottling.open(root.resolve("sys"));
    assertThat(cpu.available()).isTrue();
    var nominal = cpu.check(false).get(0);
    assertThat(nominal.state()).isEqualTo(State.NOMINAL);
    assertThat(nominal.detail()).isEqualTo("scaling_cur_freq 900000 kHz, scaling_max_freq 3500000 kHz");
    assertThat(cpu.throttled(false)).isFalse();

    t.write(POLICY + "scaling_max_freq", 2100000);   // as after a suspend cycle in that capture
    var capped = cpu.check(false).get(0);
    assertThat(capped.state()).isEqualTo(State.CAPPED);
    assertThat(capped.maxKhz()).isEqualTo(2100000);
    assertThat(capped.baselineMaxKhz()).isEqualTo(3500000);
    assertThat(capped.detail()).contains("down from 3500000 kHz");
    assertThat(cpu.throttled(false)).isTrue();
  }

  @Test
  void aFrequencyDropUnderLoadIsASlowdownButAnIdleClockIsNot() {
    SysfsTree t = x86();
    CpuThrottling cpu = CpuThrottling.open(root.resolve("sys"));
    t.write(POLICY + "scaling_cur_freq", 3400000);
    assertThat(cpu.check(true).get(0).state()).isEqualTo(State.NOMINAL);
    t.write(POLICY + "scaling_cur_freq", 553861);    // the capture's figure under full load
    assertThat(cpu.check(false).get(0).state()).as("idle: clocking down is the governor's job").isEqualTo(State.NOMINAL);
    var slowed = cpu.check(true).get(0);
    assertThat(slowed.state()).isEqualTo(State.SLOWED);
    assertThat(slowed.detail()).isEqualTo("scaling_cur_freq 553861 kHz under load, below 85 % of the 3400000 kHz seen "
        + "under load before");
  }

  @Test
  void prefersTheHardwareFrequencyWhenReadable() {
    SysfsTree t = x86();
    t.write(POLICY + "cpuinfo_cur_freq", 3300000);
    CpuThrottling cpu = CpuThrottling.open(root.resolve("sys"));
    assertThat(cpu.check(true).get(0).detail()).startsWith("cpuinfo_cur_freq 3300000 kHz");
  }

  @Test
  void unreadableOrMissingNodesAreUnknownNotErrors() {
    SysfsTree t = x86();
    CpuThrottling cpu = CpuThrottling.open(root.resolve("sys"));
    t.unreadable(POLICY + "scaling_max_freq");
    assertThat(cpu.check(true).get(0).state()).isEqualTo(State.UNKNOWN);
    assertThat(CpuThrottling.open(root.resolve("nowhere")).available()).isFalse();
    assertThat(CpuThrottling.open(root.resolve("nowhere")).check(true)).isEmpty();
  }
}
