package io.edgeenergy.runtime.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.runtime.hints.internal.AllowList;
import io.edgeenergy.runtime.hints.internal.HintJournal;
import io.edgeenergy.runtime.hints.internal.ProcessIdentity;
import io.edgeenergy.testkit.SysfsTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: written before each sysfs write, rolled back after a crash, never outside the allow-list. */
class CrashRestoreTest {
  private static final String POLICY0 = "devices/system/cpu/cpufreq/policy0/";
  private static final String GPU = "class/devfreq/17000000.ga10b/";

  @TempDir Path sys;
  @TempDir Path journal;

  private String read(String relative) throws IOException {
    return Files.readString(sys.resolve(relative)).strip();
  }

  private Process startHolder(String level) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HintHolder.class.getName(),
        sys.toString(), journal.toString(), level).redirectErrorStream(true).start();
  }

  @Test
  void aProcessKilledMidHintIsRolledBackAtTheNextStart() throws Exception {
    SysfsTree.at(sys).load("cpufreq-intel-pstate-epp.txt").load("devfreq-jetson-orin-nx-ga10b.txt");
    Process holder = startHolder("LOW");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("HOLDING") && !line.startsWith("NOT APPLIED"));
      assertThat(line).isEqualTo("HOLDING");
      assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("800000");
      assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("power");
      assertThat(read(GPU + "max_freq")).isEqualTo("306000000");
      Path file = journal.resolve("journal-" + holder.pid() + ".txt");
      assertThat(file).exists();
      assertThat(HintJournal.read(file).originals()).hasSize(5);   // min+max+EPP of the CPU, min+max of the GPU
    } finally {
      holder.destroyForcibly();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // killed: nothing restored yet
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("800000");

    LinuxPerformanceHints next = LinuxPerformanceHints.builder().sysfsRoot(sys).journalDirectory(journal)
        .uclamp(false).affinity(false).build();
    assertThat(next.startupRollback()).anySatisfy(l -> assertThat(l).startsWith("restored " + sys.resolve(POLICY0 + "scaling_max_freq") + " = 2400000 (left by dead pid " + holder.pid()));
    assertThat(read(POLICY0 + "scaling_max_freq")).isEqualTo("2400000");
    assertThat(read(POLICY0 + "energy_performance_preference")).isEqualTo("balance_performance");
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
    assertThat(read(GPU + "min_freq")).isEqualTo("306000000");
    assertThat(journal).isEmptyDirectory();
    // and the hints built after the rollback work normally
    try (HintScope burst = next.apply(HintLevel.BURST)) {
      assertThat(read(GPU + "min_freq")).isEqualTo("918000000");
    }
  }

  @Test
  void aLiveOwnersJournalIsLeftAlone() throws Exception {
    SysfsTree.at(sys).load("devfreq-jetson-orin-nx-ga10b.txt");
    Process holder = startHolder("LOW");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("HOLDING");
      List<String> report = LinuxPerformanceHints.rollBackStaleJournals(sys, journal);
      assertThat(report).containsExactly(journal.resolve("journal-" + holder.pid() + ".txt") + ": owner pid " + holder.pid() + " is alive, left alone");
      assertThat(read(GPU + "max_freq")).isEqualTo("306000000");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(LinuxPerformanceHints.rollBackStaleJournals(sys, journal)).hasSize(2);
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
  }

  /** Writes a journal as a process with {@code owner}'s identity would have. */
  private void journalOf(ProcessIdentity owner, String node, String original) {
    new HintJournal(journal, owner).record(sys.resolve(node), original);
  }

  @Test
  void aRecycledPidIsNotMistakenForTheOwner() throws IOException {
    SysfsTree.at(sys).load("devfreq-jetson-orin-nx-ga10b.txt").write(GPU + "max_freq", "306000000");
    ProcessIdentity self = ProcessIdentity.current();
    // our own pid, but a different start time: the journal's owner is dead and the pid was reused
    journalOf(new ProcessIdentity(self.pid(), self.startTicks() - 1, self.bootId()), GPU + "max_freq", "918000000");
    List<String> report = LinuxPerformanceHints.rollBackStaleJournals(sys, journal);
    assertThat(report).singleElement().asString().startsWith("restored ");
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
  }

  @Test
  void aJournalFromAnEarlierBootIsDeletedWithoutReplay() throws IOException {
    SysfsTree.at(sys).load("devfreq-jetson-orin-nx-ga10b.txt");
    journalOf(new ProcessIdentity(1, 1, "00000000-0000-0000-0000-000000000000"), GPU + "max_freq", "612000000");
    List<String> report = LinuxPerformanceHints.rollBackStaleJournals(sys, journal);
    assertThat(report).singleElement().asString().contains("from an earlier boot").contains("deleted without replay");
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
    assertThat(journal).isEmptyDirectory();
  }

  @Test
  void aJournalNamingANodeOutsideTheAllowListIsRefusedNotWritten() throws IOException {
    SysfsTree.at(sys).write("class/thermal/thermal_zone0/trip_point_0_temp", "95000")
        .load("devfreq-jetson-orin-nx-ga10b.txt").write(GPU + "max_freq", "306000000");
    ProcessIdentity self = ProcessIdentity.current();
    Path file = journal.resolve("journal-999999.txt");
    Files.writeString(file, "edgeenergy-hints-journal 1\npid 999999\nstart 1\nboot " + self.bootId() + "\n"
        + "node\t" + sys.resolve("class/thermal/thermal_zone0/trip_point_0_temp") + "\t150000\n"
        + "node\t" + sys.resolve(GPU + "max_freq") + "\t918000000\n");
    List<String> report = LinuxPerformanceHints.rollBackStaleJournals(sys, journal);
    assertThat(report).anySatisfy(l -> assertThat(l).contains("refusing to write").contains("trip_point_0_temp")
        .contains("not a cpufreq/devfreq limit node"));
    assertThat(read("class/thermal/thermal_zone0/trip_point_0_temp")).isEqualTo("95000");
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
  }

  @Test
  void aGarbageJournalIsSkippedWithItsLineAndKept() throws IOException {
    Path file = journal.resolve("journal-7.txt");
    Files.writeString(file, "edgeenergy-hints-journal 1\npid seven\n");
    assertThat(LinuxPerformanceHints.rollBackStaleJournals(sys, journal)).singleElement().asString()
        .contains("journal-7.txt").contains("not an edgeenergy hint journal");
    Files.writeString(file, "edgeenergy-hints-journal 1\npid 7\nstart 1\nboot x\nnode only-two-fields\n");
    assertThat(LinuxPerformanceHints.rollBackStaleJournals(sys, journal)).singleElement().asString()
        .contains("line 5: expected 'node<TAB>path<TAB>value'");
    assertThat(file).exists();
  }

  @Test
  void theAllowListRefusesEverythingButLimitNodes() {
    AllowList.check(sys, sys.resolve(POLICY0 + "scaling_max_freq"));
    AllowList.check(sys, sys.resolve("devices/system/cpu/cpu3/cpufreq/energy_performance_preference"));
    AllowList.check(sys, sys.resolve(GPU + "min_freq"));
    for (String bad : List.of(POLICY0 + "scaling_governor", POLICY0 + "cpuinfo_max_freq", GPU + "governor",
        "class/thermal/thermal_zone0/mode", POLICY0 + "../../../../../etc/passwd")) {
      assertThatThrownBy(() -> AllowList.check(sys, sys.resolve(bad)))
          .isInstanceOf(SysfsWriteRefusedException.class).hasMessageStartingWith("refusing to write");
    }
    assertThatThrownBy(() -> AllowList.check(sys, Path.of("/etc/cpufreq/policy0/scaling_max_freq")))
        .hasMessageContaining("not under the sysfs root");
  }

  @Test
  void theJournalIsReplacedAtomicallyAndReadsBack() throws IOException {
    ProcessIdentity self = ProcessIdentity.current();
    HintJournal j = new HintJournal(journal, self);
    j.record(sys.resolve(GPU + "max_freq"), "918000000");
    j.record(sys.resolve(GPU + "min_freq"), "306000000");
    HintJournal.Contents contents = HintJournal.read(j.file());
    assertThat(contents.owner()).isEqualTo(self);
    assertThat(contents.originals()).extracting(e -> e.getValue()).containsExactly("918000000", "306000000");
    try (var files = Files.list(journal)) {
      assertThat(files).containsExactly(j.file());   // no temp file left behind
    }
    j.forget(sys.resolve(GPU + "max_freq"));
    j.forget(sys.resolve(GPU + "min_freq"));
    assertThat(journal).isEmptyDirectory();
    assertThatThrownBy(() -> j.record(sys.resolve("a\tb"), "1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJournalDirectoryOwnedBySomeoneElseIsRefusedAndNothingIsWritten() throws IOException {
    UserPrincipalLookupService users = journal.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal nobody;
    try {
      nobody = users.lookupPrincipalByName("nobody");
      Files.setOwner(journal, nobody);
    } catch (IOException e) {
      Assumptions.abort("cannot hand the directory to another user here: " + e);
      return;
    }
    SysfsTree.at(sys).load("devfreq-jetson-orin-nx-ga10b.txt");
    LinuxPerformanceHints hints = LinuxPerformanceHints.builder().sysfsRoot(sys).journalDirectory(journal)
        .uclamp(false).affinity(false).build();
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(low.anyApplied()).isFalse();
      assertThat(low.outcomes().get(1).detail()).contains("belongs to nobody").contains("refusing to keep the journal there");
    }
    assertThat(read(GPU + "max_freq")).isEqualTo("918000000");
  }
}
