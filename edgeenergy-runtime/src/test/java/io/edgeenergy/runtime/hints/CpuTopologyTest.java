package io.edgeenergy.runtime.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuTopologyTest {
  @TempDir Path sys;

  @Test
  void bigLittleSnapdragonHasTwoClustersSlowestFirst() {
    SysfsTree.at(sys).load("cpufreq-yoga-c630-sdm850-biglittle.txt");
    CpuTopology topology = CpuTopology.read(sys);
    assertThat(topology.heterogeneous()).isTrue();
    assertThat(topology.clusters()).hasSize(2);
    assertThat(topology.efficiency().toString()).isEqualTo("cpus 0-3 capacity 377 max 1766 MHz");
    assertThat(topology.performance().toString()).isEqualTo("cpus 4-7 capacity 1024 max 2956 MHz");
  }

  @Test
  void raspberryPi5IsOneCluster() {
    SysfsTree.at(sys).load("cpufreq-raspberrypi5-cpufreq-dt.txt");
    CpuTopology pi = CpuTopology.read(sys);
    assertThat(pi.heterogeneous()).isFalse();
    assertThat(pi.clusters()).extracting(Object::toString).containsExactly("cpus 0-3 capacity 1024 max 2400 MHz");
  }

  @Test
  void intelLaptopWithoutCapacitiesIsOneCluster() {
    SysfsTree.at(sys).load("cpufreq-intel-pstate-epp.txt");
    assertThat(CpuTopology.read(sys).clusters()).extracting(Object::toString).containsExactly("cpus 0 max 2400 MHz");
  }

  @Test
  void offlineCpusAndGarbageCapacitiesAreHandled() {
    SysfsTree.at(sys).load("cpufreq-yoga-c630-sdm850-biglittle.txt")
        .write("devices/system/cpu/online", "0-5")
        .write("devices/system/cpu/cpu5/cpu_capacity", "lots");
    CpuTopology topology = CpuTopology.read(sys);
    // cpu5's capacity is unknown (-1): it sorts first as its own group; cpu6-7 are offline
    assertThat(topology.clusters()).extracting(Object::toString)
        .containsExactly("cpus 5 max 2956 MHz", "cpus 0-3 capacity 377 max 1766 MHz", "cpus 4 capacity 1024 max 2956 MHz");
  }

  @Test
  void noCpusListedIsEmptyNotAnError() {
    CpuTopology topology = CpuTopology.read(sys);
    assertThat(topology.clusters()).isEmpty();
    assertThat(topology.heterogeneous()).isFalse();
    assertThatThrownBy(topology::efficiency).isInstanceOf(IllegalStateException.class).hasMessageContaining("no CPUs");
  }

  @Test
  void parsesAndFormatsKernelCpuLists() {
    assertThat(CpuTopology.cpuList(CpuTopology.parseCpuList("0-3,5,7-8\n"))).isEqualTo("0-3,5,7-8");
    assertThat(CpuTopology.cpuList(CpuTopology.parseCpuList("4 5 6 7"))).isEqualTo("4-7");
    assertThat(CpuTopology.parseCpuList("zero-3").isEmpty()).isTrue();
    assertThat(CpuTopology.cpuList(CpuTopology.parseCpuList(""))).isEqualTo("none");
  }
}
