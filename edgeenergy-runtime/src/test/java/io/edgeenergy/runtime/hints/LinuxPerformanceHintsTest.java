package io.edgeenergy.runtime.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.runtime.hints.internal.NodeIo;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hints on fake sysfs trees copied from real devices, with fake scheduler calls. */
class LinuxPerformanceHintsTest {
  private static final String POLICY0 = "devices/system/cpu/cpufreq/policy0/";
  private static final String POLICY4 = "devices/system/cpu/cpufreq/policy4/";
  private static final String GPU = "class/devfreq/17000000.ga10b/";

  @TempDir Path sys;
  @TempDir Path journal;
  final FakeSched sched = new FakeSched("0-7");
  final List<String> writes = new ArrayList<>();

  private LinuxPerformanceHints.Builder hints(String... fixtures) {
    SysfsTree tree = SysfsTree.at(sys);
    for (String fixture : fixtures) {
      tree.load(fixture);
    }
    return LinuxPerformanceHints.builder().sysfsRoot(sys).journalDirectory(journal).sched(sched).nodeIo(recording(NodeIo.kernfs()));
  }

  /** Records each write; the wrapped io decides whether the "kernel" accepts it. */
  private NodeIo recording(NodeIo io) {
    return new NodeIo() {
      @Override
      public String read(Path node) throws IOException {
        return io.read(node);
      }

      @Override
      public void write(Path node, String value) throws IOException {
        io.write(node, value);
        writes.add(sys.relativize(node) + "=" + value);
      }
    };
  }

  /** A kernel that rejects some writes with an errno, like a driver's store() returning -EINVAL/-EBUSY. */
  private static NodeIo kernel(BiPredicate<Path, String> rejects, String errno) {
    return new NodeIo() {
      @Override
      public String read(Path node) throws IOException {
        return NodeIo.kernfs().read(node);
      }

      @Override
      public void write(Path node, String value) throws IOException {
        if (rejects.test(node, value)) {
          throw new IOException(errno);
        }
        NodeIo.kernfs().write(node, value);
      }
    };
  }

  private String read(String relative) throws IOException {
    return Files.readString(sys.resolve(relative)).strip();
  }

  private static HintOutcome outcome(HintScope scope, String mechanism) {
    return scope.outcomes().stream().filter(o -> o.mechanism().equals(mechanism)).findFirst().orElseThrow();
  }

  @Test
  void intelPstateLowCapsTheClockAndSetsPowerEppThenRestores() throws IOException {
    LinuxPerformanceHints hints = hints("cpufreq-intel-pstate-epp.txt").build();
    assertThat(hints.mechanisms()).containsEntry("cpufreq:policy0", Availability.AVAILABLE);
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("800000");
      assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("power");
      assertThat(outcome(low, "cpufreq:policy0").detail())
          .contains("scaling_max_freq 2400000->800000", "energy_performance_preference balance_performance->power");
      assertThat(low.anyApplied()).isTrue();
      assertThat(Files.readString(journal.resolve("journal-" + ProcessHandle.current().pid() + ".txt")))
          .contains(sys.resolve(POLICY0 + "scaling_max_freq") + "\t2400000")
          .contains(sys.resolve(POLICY0 + "energy_performance_preference") + "\tbalance_performance");
    }
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("2400000");
    assertThat(read(POLICY0 + "scaling_min_freq")).isEqualTo("800000");
    assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("balance_performance");
    assertThat(journal).isEmptyDirectory();
  }

  @Test
  void intelPstateEfficientPicksHalfTheClockAndBurstPinsTheMinimumHigh() throws IOException {
    LinuxPerformanceHints hints = hints("cpufreq-intel-pstate-epp.txt").build();
    try (HintScope efficient = hints.apply(HintLevel.EFFICIENT)) {
      // no frequency table under intel_pstate: any value in range; half of 2.4 GHz
      assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("1200000");
      assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("balance_power");
    }
    try (HintScope burst = hints.apply(HintLevel.BURST)) {
      assertThat(read(POLICY0 + "scaling_min_freq")).isEqualTo("2400000");
      assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("performance");
    }
    assertThat(read(POLICY0 + "scaling_min_freq")).isEqualTo("800000");
  }

  @Test
  void performanceGovernorRejectsEppWithEbusyReportedAndOtherLimitsStillApplyAndRestore() throws IOException {
    SysfsTree.at(sys).load("cpufreq-intel-pstate-epp.txt").write(POLICY0 + "scaling_governor", "performance");
    // intel_pstate.rst: under the performance governor only "performance" may be written to the EPP
    NodeIo intelPstate = kernel((node, value) -> node.endsWith("energy_performance_preference") && !value.equals("performance"),
        "Device or resource busy");
    LinuxPerformanceHints hints = hints().nodeIo(recording(intelPstate)).build();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      HintOutcome cpufreq = outcome(low, "cpufreq:policy0");
      assertThat(cpufreq.applied()).isTrue();
      assertThat(cpufreq.detail()).contains("scaling_max_freq 2400000->800000")
          .contains("energy_performance_preference=power refused: IOException: Device or resource busy");
      assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("balance_performance");
    }
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("2400000");
    assertThat(journal).isEmptyDirectory();
  }

  @Test
  void aDriverRejectingEveryLimitWithEinvalIsReportedAndLeavesNodeAndJournalUntouched() throws IOException {
    SysfsTree.at(sys).load("devfreq-jetson-orin-nx-ga10b.txt");
    NodeIo strict = kernel((node, value) -> true, "Invalid argument");
    LinuxPerformanceHints hints = hints().nodeIo(strict).cpufreq(false).build();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      HintOutcome gpu = outcome(low, "devfreq:17000000.ga10b");
      assertThat(gpu.applied()).isFalse();
      assertThat(gpu.detail()).contains("max_freq=306000000 refused: IOException: Invalid argument");
      assertThat(journal).isEmptyDirectory();
    }
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
    assertThat(read(GPU + "min_freq")).isEqualTo("306000000");
  }

  @Test
  void readOnlyLimitNodesMakeTheMechanismUnavailableWithTheFix() {
    SysfsTree.at(sys).load("cpufreq-intel-pstate-epp.txt").permissions(POLICY0 + "scaling_max_freq", "r--r--r--");
    LinuxPerformanceHints hints = hints().build();
    Availability cpufreq = hints.mechanisms().get("cpufreq:policy0");
    assertThat(cpufreq.available()).isFalse();
    assertThat(cpufreq.reason()).contains("not writable").contains("udev rule");
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(outcome(low, "cpufreq:policy0").applied()).isFalse();
    }
    assertThat(writes).isEmpty();
  }

  @Test
  void aReadOnlyEppNodeIsRefusedWhileTheLimitsApply() throws IOException {
    SysfsTree.at(sys).load("cpufreq-intel-pstate-epp.txt").permissions(POLICY0 + "energy_performance_preference", "r--r--r--");
    LinuxPerformanceHints hints = hints().build();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(outcome(low, "cpufreq:policy0").detail()).contains("scaling_max_freq 2400000->800000")
          .contains("energy_performance_preference=power refused: AccessDeniedException")
          .contains("read-only sysfs attribute");
    }
    assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("balance_performance");
  }

  @Test
  void bigLittleLowCapsBothClustersAndPinsTheThreadToTheLittleCores() throws IOException {
    LinuxPerformanceHints hints = hints("cpufreq-yoga-c630-sdm850-biglittle.txt").build();
    assertThat(hints.mechanisms().keySet()).containsExactly("uclamp", "affinity", "cpufreq:policy0", "cpufreq:policy4", "devfreq");
    assertThat(hints.mechanisms().get("devfreq").reason()).contains("no devices under");
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(low.outcomes()).extracting(HintOutcome::mechanism)
          .containsExactly("uclamp", "affinity", "cpufreq:policy0", "cpufreq:policy4", "devfreq");
      assertThat(sched.clamps.get(sched.tid)).containsExactly(0, 256);
      assertThat(sched.mask(sched.tid)).isEqualTo("0-3");
      assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("300000");
      assertThat(read(POLICY4 + "scaling_max_freq")).isEqualTo("825600");
      assertThat(outcome(low, "affinity").detail()).isEqualTo("efficiency cluster: cpus 0-3 on tid 4242 (was 0-7)");
    }
    assertThat(sched.clamps.get(sched.tid)).containsExactly(0, 1024);
    assertThat(sched.mask(sched.tid)).isEqualTo("0-7");
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("1766400");
    assertThat(read(POLICY4 + "scaling_max_freq")).isEqualTo("2841600");
  }

  @Test
  void burstNestedInLowReachesTheBigCoresAndInnerCloseReturnsToTheOuterState() throws IOException {
    LinuxPerformanceHints hints = hints("cpufreq-yoga-c630-sdm850-biglittle.txt").build();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      try (HintScope burst = hints.apply(HintLevel.BURST)) {
        assertThat(sched.mask(sched.tid)).isEqualTo("4-7");
        assertThat(sched.clamps.get(sched.tid)).containsExactly(768, 1024);
        // max is raised before min, so no moment has min above max (old kernels answer that with EINVAL)
        assertThat(read(POLICY4 + "scaling_max_freq")).isEqualTo("2841600");
        assertThat(read(POLICY4 + "scaling_min_freq")).isEqualTo("2841600");
      }
      assertThat(sched.mask(sched.tid)).isEqualTo("0-3");
      assertThat(sched.clamps.get(sched.tid)).containsExactly(0, 256);
      assertThat(read(POLICY4 + "scaling_max_freq")).isEqualTo("825600");
      assertThat(read(POLICY4 + "scaling_min_freq")).isEqualTo("825600");
    }
    assertThat(read(POLICY4 + "scaling_min_freq")).isEqualTo("825600");
    assertThat(read(POLICY4 + "scaling_max_freq")).isEqualTo("2841600");
    assertThat(sched.mask(sched.tid)).isEqualTo("0-7");
  }

  @Test
  void anOldKernelRejectingMinAboveMaxNeverSeesSuchAWrite() throws IOException {
    SysfsTree.at(sys).load("cpufreq-yoga-c630-sdm850-biglittle.txt");
    NodeIo oldKernel = kernel((node, value) -> {
      try {
        Path other = node.resolveSibling(node.getFileName().toString().equals("scaling_min_freq") ? "scaling_max_freq" : "scaling_min_freq");
        long mine = Long.parseLong(value);
        long theirs = Long.parseLong(Files.readString(other).strip());
        return node.getFileName().toString().equals("scaling_min_freq") ? mine > theirs : mine < theirs;
      } catch (IOException | NumberFormatException e) {
        return false;
      }
    }, "Invalid argument");
    LinuxPerformanceHints hints = hints().nodeIo(recording(oldKernel)).build();
    try (HintScope low = hints.apply(HintLevel.LOW); HintScope burst = hints.apply(HintLevel.BURST)) {
      assertThat(outcome(burst, "cpufreq:policy4").detail()).doesNotContain("refused");
      assertThat(outcome(low, "cpufreq:policy4").detail()).doesNotContain("refused");
    }
    assertThat(read(POLICY4 + "scaling_min_freq")).isEqualTo("825600");
    assertThat(read(POLICY4 + "scaling_max_freq")).isEqualTo("2841600");
  }

  @Test
  void scopesOnTwoThreadsMayCloseInAnyOrder() throws IOException {
    LinuxPerformanceHints hints = hints("cpufreq-raspberrypi5-cpufreq-dt.txt").build();
    HintScope first = hints.apply(HintLevel.LOW);
    HintScope second = hints.apply(HintLevel.BURST);
    first.close();   // the outer one first: the node keeps the newest open claim
    assertThat(read(POLICY0 + "scaling_min_freq")).isEqualTo("2400000");
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("2400000");
    second.close();
    assertThat(read(POLICY0 + "scaling_min_freq")).isEqualTo("1500000");
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("2400000");
    assertThat(journal).isEmptyDirectory();
  }

  @Test
  void anExceptionInsideTheScopeStillRestoresEverything() throws IOException {
    LinuxPerformanceHints hints = hints("devfreq-jetson-orin-nx-ga10b.txt").cpufreq(false).build();
    assertThatThrownBy(() -> {
      try (HintScope burst = hints.apply(HintLevel.BURST)) {
        assertThat(read(GPU + "min_freq")).isEqualTo("918000000");
        throw new IllegalStateException("inference failed");
      }
    }).hasMessage("inference failed");
    assertThat(read(GPU + "min_freq")).isEqualTo("306000000");
    assertThat(journal).isEmptyDirectory();
  }

  @Test
  void jetsonGpuLevelsMapOntoItsFrequencyTable() throws IOException {
    LinuxPerformanceHints hints = hints("devfreq-jetson-orin-nx-ga10b.txt").cpufreq(false).build();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(read(GPU + "max_freq")).isEqualTo("306000000");
    }
    try (HintScope efficient = hints.apply(HintLevel.EFFICIENT)) {
      assertThat(read(GPU + "max_freq")).isEqualTo("510000000");   // lowest >= 918/2 MHz
    }
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
    assertThat(read(GPU + "governor")).isEqualTo("nvhost_podgov");   // never switched
  }

  @Test
  void raspberryPiSaysAffinityIsNotUsefulAndUserspaceGovernorGetsSetspeed() throws IOException {
    SysfsTree.at(sys).load("cpufreq-raspberrypi5-cpufreq-dt.txt").write(POLICY0 + "scaling_governor", "userspace");
    LinuxPerformanceHints hints = hints().build();
    assertThat(hints.mechanisms().get("affinity").reason()).isEqualTo("not useful: one cluster (cpus 0-3 capacity 1024 max 2400 MHz)");
    try (HintScope efficient = hints.apply(HintLevel.EFFICIENT)) {
      assertThat(read(POLICY0 + "scaling_setspeed")).isEqualTo("1500000");
      assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("1500000");
    }
    assertThat(read(POLICY0 + "scaling_setspeed")).isEqualTo("<unsupported>");
  }

  @Test
  void balancedLeavesEverythingAsFound() {
    LinuxPerformanceHints hints = hints("cpufreq-yoga-c630-sdm850-biglittle.txt", "devfreq-jetson-orin-nx-ga10b.txt").build();
    try (HintScope balanced = hints.apply(HintLevel.BALANCED)) {
      assertThat(balanced.anyApplied()).isFalse();
      assertThat(balanced.outcomes()).allSatisfy(o -> assertThat(o.detail()).contains("BALANCED leaves"));
    }
    assertThat(writes).isEmpty();
    assertThat(sched.clamps.get(sched.tid)).containsExactly(0, 1024);   // as the availability probe wrote them back
    assertThat(sched.masks).isEmpty();
  }

  @Test
  void closingTwiceRestoresOnce() throws IOException {
    LinuxPerformanceHints hints = hints("cpufreq-raspberrypi5-cpufreq-dt.txt").build();
    HintScope outer = hints.apply(HintLevel.LOW);
    HintScope inner = hints.apply(HintLevel.BURST);
    inner.close();
    inner.close();
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("1500000");
    outer.close();
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("2400000");
  }

  @Test
  void kernelWithoutUclampMakesItUnavailableWithTheReason() {
    sched.setattrErrno = 95;
    LinuxPerformanceHints hints = hints("cpufreq-raspberrypi5-cpufreq-dt.txt").build();
    assertThat(hints.mechanisms().get("uclamp").reason()).startsWith("sched_setattr failed: EOPNOTSUPP")
        .endsWith("the kernel is built without CONFIG_UCLAMP_TASK");
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(outcome(low, "uclamp").applied()).isFalse();
      assertThat(outcome(low, "cpufreq:policy0").applied()).isTrue();
    }
  }

  @Test
  void uclampRefusedAtApplyTimeIsReportedNotThrown() {
    LinuxPerformanceHints hints = hints("cpufreq-raspberrypi5-cpufreq-dt.txt").build();
    sched.setattrErrno = 1;
    try (HintScope burst = hints.apply(HintLevel.BURST)) {
      assertThat(outcome(burst, "uclamp").detail()).contains("EPERM").contains("CAP_SYS_NICE");
    }
  }

  @Test
  void affinityNeverWidensTheThreadsAllowedCpus() {
    FakeSched pinned = new FakeSched("0-7");
    pinned.masks.put(pinned.tid, CpuTopology.parseCpuList("0-1"));
    LinuxPerformanceHints hints = hints("cpufreq-yoga-c630-sdm850-biglittle.txt").sched(pinned).build();
    try (HintScope burst = hints.apply(HintLevel.BURST)) {
      assertThat(outcome(burst, "affinity").detail())
          .isEqualTo("performance cluster (cpus 4-7 capacity 1024 max 2956 MHz) has no CPU this thread may use (allowed 0-1)");
    }
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(pinned.mask(pinned.tid)).isEqualTo("0-1");
    }
  }

  @Test
  void noCpufreqOrDevfreqHereIsExplained() {
    LinuxPerformanceHints hints = hints().build();
    assertThat(hints.mechanisms().get("cpufreq").reason()).contains("no cpufreq policies").contains("typical of VMs");
    assertThat(hints.mechanisms().get("devfreq").reason()).contains("no devices under");
    assertThat(hints.mechanisms().get("affinity").reason()).isEqualTo("no CPUs listed under devices/system/cpu");
  }

  @Test
  void withNothingAvailableEachLevelHasOneReadyMadeScopeThatStillSaysWhy() {
    LinuxPerformanceHints hints = hints().uclamp(false).build();   // empty tree: no CPUs, cpufreq or devfreq

    HintScope first = hints.apply(HintLevel.LOW);
    first.close();
    first.close();
    HintScope again = hints.apply(HintLevel.LOW);

    assertThat(again).isSameAs(first);
    assertThat(hints.apply(HintLevel.BURST)).isNotSameAs(first);
    assertThat(again.anyApplied()).isFalse();
    assertThat(again.outcomes()).extracting(HintOutcome::mechanism).containsExactly("affinity", "cpufreq", "devfreq");
    assertThat(outcome(again, "cpufreq").detail()).contains("no cpufreq policies");
    assertThat(writes).isEmpty();
  }

  @Test
  void twoInstancesOnDifferentTreesShareOneJournalFileWithoutLosingEntries(@TempDir Path other) throws IOException {
    LinuxPerformanceHints pi = hints("cpufreq-raspberrypi5-cpufreq-dt.txt").build();
    SysfsTree.at(other).load("devfreq-jetson-orin-nx-ga10b.txt");
    LinuxPerformanceHints jetson = LinuxPerformanceHints.builder().sysfsRoot(other).journalDirectory(journal).sched(sched)
        .cpufreq(false).build();
    try (HintScope a = pi.apply(HintLevel.LOW); HintScope b = jetson.apply(HintLevel.LOW)) {
      assertThat(outcome(b, "devfreq:17000000.ga10b").applied()).isTrue();
      String text = Files.readString(journal.resolve("journal-" + ProcessHandle.current().pid() + ".txt"));
      assertThat(text).contains(sys.resolve(POLICY0 + "scaling_max_freq").toString())
          .contains(other.resolve(GPU + "max_freq").toString());
    }
    assertThat(journal).isEmptyDirectory();
    assertThat(Files.readString(other.resolve(GPU + "max_freq")).strip()).isEqualTo("918000000");
  }
}
