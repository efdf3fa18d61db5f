package io.edgeenergy.runtime.meter;

import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The estimator weighted by cpufreq time_in_state, on a real cpufreq tree (procfs fixture). */
class FrequencyResidencyTest {
  private static final String TIS = "sys/devices/system/cpu/cpu1/cpufreq/stats/time_in_state";
  // generic-x86-64: 3000 mW at 1.3 GHz, 7000 mW at 2.9 GHz, linear between, clamped above
  private static final PowerProfile PROFILE = PowerProfile.builtIn(PowerProfile.GENERIC_X86_64);
  private static final long AT_2800 = 6_750_000; // 3000 + 4000 × (2.8 - 1.3) / 1.6 mW, in µW
  private static final long TOP = 7_000_000;

  @TempDir Path root;
  private CpuTimeEstimatorMeter meter;

  @AfterEach
  void close() {
    if (meter != null) {
      meter.close();
    }
  }

  private CpuTimeEstimatorMeter estimator(SysfsTree tree, FakeCpuClock clock, List<String> reasons) {
    meter = EnergyMeters.estimator(PROFILE, tree.path("sys"), clock, (Ticker) () -> 0, reasons);
    return meter;
  }

  @Test
  void firstFigureIsTheResidencySinceBootOfTheRealTree() {
    SysfsTree tree = SysfsTree.at(root).load("cpufreq-intel-pstate-cpu1-time-in-state-procfs.txt");
    CpuTimeEstimatorMeter m = estimator(tree, FakeCpuClock.startingAt(0), new ArrayList<>());

    // 3.6/3.4/3.2/3.0 GHz (2089+136+34+67 ticks) clamp to 7 W; 2.8 GHz (172488 ticks) is 6.75 W
    long expected = Math.round((2326.0 * TOP + 172488.0 * AT_2800) / 174814.0);
    assertThat(m.usesResidency()).isTrue();
    assertThat(m.activePowerPerCore()).isEqualTo(Power.ofMicrowatts(expected));
    assertThat(m.residencyPeriod()).isEqualTo(EnergyMeters.RESIDENCY_PERIOD);
    assertThat(m.description()).contains("time_in_state of cpu1->core", "refreshed every 1000 ms");
  }

  @Test
  void refreshWeighsOnlyTheTimeSinceTheLastRefresh() {
    SysfsTree tree = SysfsTree.at(root).load("cpufreq-intel-pstate-cpu1-time-in-state-procfs.txt");
    CpuTimeEstimatorMeter m = estimator(tree, FakeCpuClock.startingAt(0), new ArrayList<>());

    tree.writeRaw(TIS, "3600000 2189\n3400000 136\n3200000 34\n3000000 67\n2800000 172788\n");
    assertThat(m.refreshResidency()).isEqualTo(Power.ofMicrowatts((100 * TOP + 300 * AT_2800) / 400));
    // no time passed: the power in force stays
    assertThat(m.refreshResidency()).isEqualTo(Power.ofMicrowatts((100 * TOP + 300 * AT_2800) / 400));
    // a new frequency line appears (e.g. after a governor change)
    tree.writeRaw(TIS, "3600000 2189\n3400000 136\n3200000 34\n3000000 67\n2800000 172788\n1300000 50\n");
    assertThat(m.refreshResidency()).isEqualTo(Power.ofMilliwatts(3000));
  }

  @Test
  void theCounterStaysMonotonicWhenThePowerDrops() {
    SysfsTree tree = SysfsTree.at(root).load("cpufreq-intel-pstate-cpu1-time-in-state-procfs.txt");
    FakeCpuClock clock = FakeCpuClock.startingAt(0);
    CpuTimeEstimatorMeter m = estimator(tree, clock, new ArrayList<>());
    tree.writeRaw(TIS, "3600000 2189\n3400000 136\n3200000 34\n3000000 67\n2800000 172488\n");
    m.refreshResidency(); // all new time at 3.6 GHz: 7 W

    clock.advanceNanos(1_000_000);
    long a = m.readNanojoules();
    assertThat(a).isEqualTo(7_000_000); // 1 ms at 7 W
    tree.writeRaw(TIS, "3600000 2189\n3400000 136\n3200000 34\n3000000 67\n2800000 172488\n1300000 10\n");
    m.refreshResidency(); // 3 W now
    clock.advanceNanos(1_000_000);
    long b = m.readNanojoules();
    assertThat(b).isEqualTo(a + 3_000_000); // never cpu × 3 W = 6 mJ < a
    clock.advanceNanos(2_000_000);
    assertThat(m.readNanojoules()).isEqualTo(b + 6_000_000);
  }

  @Test
  void garbageVanishedAndAbsentFilesDegradeToTheTypicalPoint() {
    SysfsTree garbage = SysfsTree.at(root.resolve("g")).writeRaw(TIS, "3600000 lots\n");
    List<String> reasons = new ArrayList<>();
    CpuTimeEstimatorMeter m = estimator(garbage, FakeCpuClock.startingAt(0), reasons);
    assertThat(m.usesResidency()).isFalse();
    assertThat(m.activePowerPerCore()).isEqualTo(Power.ofMilliwatts(7000));
    assertThat(reasons).singleElement().asString().contains("time_in_state unusable", "3600000 lots");
    m.close();

    reasons.clear();
    SysfsTree none = SysfsTree.at(root.resolve("n")).write("sys/devices/system/cpu/online", "0-1");
    assertThat(estimator(none, FakeCpuClock.startingAt(0), reasons).usesResidency()).isFalse();
    assertThat(reasons).singleElement().asString().contains("no cpufreq time_in_state");
    meter.close();

    SysfsTree tree = SysfsTree.at(root.resolve("v")).load("cpufreq-intel-pstate-cpu1-time-in-state-procfs.txt");
    CpuTimeEstimatorMeter live = estimator(tree, FakeCpuClock.startingAt(0), new ArrayList<>());
    Power before = live.activePowerPerCore();
    tree.delete(TIS); // CPU hot-unplugged mid-run
    assertThat(live.refreshResidency()).isEqualTo(before);
  }

  @Test
  void policiesMapToClustersInOrderWhenTheirCountsAgree() {
    SysfsTree tree = SysfsTree.at(root)
        .writeRaw("sys/devices/system/cpu/cpufreq/policy0/stats/time_in_state", "600000 100\n1800000 0\n")
        .writeRaw("sys/devices/system/cpu/cpufreq/policy4/stats/time_in_state", "1000000 0\n3000000 100\n");
    PowerProfile bigLittle = PowerProfile.custom().name("bl").source("test").basePower(Power.ZERO)
        .cluster("little", 4, Map.of(600_000L, Power.ofMilliwatts(100), 1_800_000L, Power.ofMilliwatts(400)))
        .cluster("big", 4, Map.of(1_000_000L, Power.ofMilliwatts(500), 3_000_000L, Power.ofMilliwatts(3500)))
        .build();
    meter = EnergyMeters.estimator(bigLittle, tree.path("sys"), FakeCpuClock.startingAt(0), () -> 0, new ArrayList<>());
    // equal time on little at 600 MHz (100 mW) and big at 3 GHz (3500 mW)
    assertThat(meter.activePowerPerCore()).isEqualTo(Power.ofMilliwatts(1800));
    assertThat(meter.description()).contains("policy0->little", "policy4->big");
  }
}
