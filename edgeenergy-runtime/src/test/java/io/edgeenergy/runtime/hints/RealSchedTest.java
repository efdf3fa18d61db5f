package io.edgeenergy.runtime.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.runtime.hints.internal.LinuxSched;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real system calls through JNA on the machine running the tests: the kernel, not a fake, says what
 * the thread's CPUs and clamps are, read back both with the syscall and from {@code /proc/thread-self}.
 */
class RealSchedTest {
  private static String allowedFromProc() throws IOException {
    return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
        .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow().split(":")[1].strip();
  }

  @Test
  void setAffinityReallyChangesTheThreadsAllowedCpusAndRestoresThem() throws IOException {
    LinuxSched sched = LinuxSched.load();
    int tid = sched.currentTid();
    BitSet before = sched.affinity(tid);
    assertThat(CpuTopology.cpuList(before)).isEqualTo(allowedFromProc());
    int last = before.length() - 1;
    BitSet one = new BitSet();
    one.set(last);
    try {
      sched.setAffinity(tid, one);
      assertThat(sched.affinity(tid)).isEqualTo(one);
      assertThat(allowedFromProc()).isEqualTo(Integer.toString(last));
    } finally {
      sched.setAffinity(tid, before);
    }
    assertThat(sched.affinity(tid)).isEqualTo(before);
    assertThat(allowedFromProc()).isEqualTo(CpuTopology.cpuList(before));
  }

  @Test
  void affinityHintPinsThisThreadToEachClusterOfATwoClusterTopology(@TempDir Path sys, @TempDir Path journal) throws IOException {
    BitSet allowed = LinuxSched.load().affinity(0);
    assumeTrue(allowed.cardinality() >= 2, "needs two CPUs this thread may use");
    int little = allowed.nextSetBit(0);
    int big = allowed.nextSetBit(little + 1);
    // this machine's real CPUs, described as a big.LITTLE pair so the real syscalls have two targets
    SysfsTree.at(sys).write("devices/system/cpu/cpu" + little + "/cpu_capacity", 446)
        .write("devices/system/cpu/cpu" + big + "/cpu_capacity", 1024);
    LinuxPerformanceHints hints = LinuxPerformanceHints.builder().sysfsRoot(sys).journalDirectory(journal)
        .uclamp(false).cpufreq(false).devfreq(false).build();
    String original = allowedFromProc();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(low.outcomes()).singleElement().satisfies(o -> assertThat(o.applied()).isTrue());
      assertThat(allowedFromProc()).isEqualTo(Integer.toString(little));
      try (HintScope burst = hints.apply(HintLevel.BURST)) {
        assertThat(allowedFromProc()).isEqualTo(Integer.toString(big));
      }
      assertThat(allowedFromProc()).isEqualTo(Integer.toString(little));
    }
    assertThat(allowedFromProc()).isEqualTo(original);
  }

  @Test
  void uclampEitherAppliesOrReportsTheKernelsRefusal(@TempDir Path sys, @TempDir Path journal) {
    LinuxPerformanceHints hints = LinuxPerformanceHints.builder().sysfsRoot(sys).journalDirectory(journal)
        .affinity(false).cpufreq(false).devfreq(false).build();
    Availability uclamp = hints.mechanisms().get("uclamp");
    LinuxSched sched = LinuxSched.load();
    int tid = sched.currentTid();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      HintOutcome outcome = low.outcomes().get(0);
      if (uclamp.available()) {
        assertThat(outcome.applied()).isTrue();
        assertThat(sched.utilClamp(tid)).containsExactly(0, 256);
      } else {
        assertThat(outcome.applied()).isFalse();
        assertThat(uclamp.reason()).containsAnyOf("ENOSYS", "EINVAL", "EPERM", "EOPNOTSUPP", "E2BIG");
        assertThat(outcome.detail()).isEqualTo(uclamp.reason());
      }
    }
    if (uclamp.available()) {
      assertThat(sched.utilClamp(tid)).containsExactly(0, 1024);
    }
  }
}
