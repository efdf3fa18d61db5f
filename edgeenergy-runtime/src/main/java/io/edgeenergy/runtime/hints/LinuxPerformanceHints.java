package io.edgeenergy.runtime.hints;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.runtime.hints.internal.AffinityMechanism;
import io.edgeenergy.runtime.hints.internal.FrequencyDomain;
import io.edgeenergy.runtime.hints.internal.HintJournal;
import io.edgeenergy.runtime.hints.internal.JournalRollback;
import io.edgeenergy.runtime.hints.internal.LinuxSched;
import io.edgeenergy.runtime.hints.internal.Mechanism;
import io.edgeenergy.runtime.hints.internal.NodeIo;
import io.edgeenergy.runtime.hints.internal.ProcessIdentity;
import io.edgeenergy.runtime.hints.internal.SchedCalls;
import io.edgeenergy.runtime.hints.internal.SysfsClaims;
import io.edgeenergy.runtime.hints.internal.UclampMechanism;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PerformanceHints} on Linux (embedded boards, Jetson, Raspberry Pi, x86, rooted Android).
 * Mechanisms, best first:
 *
 * <ol>
 *   <li>{@code uclamp}: per-thread utilization clamps via {@code sched_setattr} (JNA). LOW = [0, 256],
 *       EFFICIENT = [0, 512], BURST = [768, 1024] on the kernel's 0..1024 scale. Needs Linux 5.3+
 *       with {@code CONFIG_UCLAMP_TASK}; own threads need no root within the system/cgroup limits
 *       ({@code CAP_SYS_NICE} beyond them).
 *   <li>{@code affinity}: per-thread {@code sched_setaffinity} to the efficiency cluster (LOW,
 *       EFFICIENT) or the performance cluster (BURST), from {@link CpuTopology}; "not useful" on a
 *       machine with one cluster (Raspberry Pi, most x86).
 *   <li>{@code cpufreq:policyN}: {@code scaling_min_freq}/{@code scaling_max_freq},
 *       {@code scaling_setspeed} under the userspace governor, {@code energy_performance_preference}
 *       (intel_pstate / amd-pstate EPP). Global to the policy's CPUs; needs write access (root or a
 *       udev rule).
 *   <li>{@code devfreq:NAME}: {@code min_freq}/{@code max_freq} of GPUs, NPUs and memory buses.
 * </ol>
 *
 * BALANCED leaves every mechanism as it found it. Applying never throws: each mechanism reports
 * whether it applied and why not ({@link HintScope#outcomes()}). Closing restores the previous state
 * (per-thread mechanisms through the thread id, so closing from another thread is safe; sysfs nodes
 * through claims, so scopes on several threads may close in any order). Scopes nest.
 *
 * <p><b>Crash safety.</b> Every sysfs write is journaled before it is made (an atomic file per process
 * in {@link Builder#journalDirectory(Path)}, with pid, process start time and boot id), and only to an
 * allow-list of cpufreq/devfreq limit nodes ({@link SysfsWriteRefusedException} otherwise). Building
 * hints rolls back journals of processes that died holding hints; {@link #rollBackStaleJournals}
 * does the same on demand ({@code edgeenergy doctor --restore}).
 */
public final class LinuxPerformanceHints implements PerformanceHints {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxPerformanceHints.class);
  private static final Path SYSFS = Path.of("/sys");
  /** One journal per directory (its file is named after this process, so instances must share it). */
  private static final Map<Path, HintJournal> JOURNALS = new ConcurrentHashMap<>();
  /** One claim registry per sysfs root and journal: sysfs is process-global, so instances must share. */
  private static final Map<List<Path>, SysfsClaims> CLAIMS = new ConcurrentHashMap<>();

  private final List<Mechanism> mechanisms;
  private final CpuTopology topology;
  private final Path journalDirectory;
  private final List<String> startupRollback;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  /** When no mechanism works here: one ready-made scope per level (no syscalls, no garbage); else null. */
  private final HintScope[] idleScopes;

  private LinuxPerformanceHints(Builder b) {
    ProcessIdentity self = ProcessIdentity.current();
    this.journalDirectory = b.journalDirectory;
    this.startupRollback = b.rollBack ? JournalRollback.run(b.journalDirectory, b.sysfsRoot, b.io, self).lines() : List.of();
    for (String line : startupRollback) {
      if (line.endsWith("left alone")) {
        LOG.debug("hint journal rollback: {}", line);   // another live process's hints: routine
      } else {
        LOG.warn("hint journal rollback: {}", line);
      }
    }
    this.topology = CpuTopology.read(b.sysfsRoot);
    Availability schedAvailability = Availability.AVAILABLE;
    SchedCalls sched = b.sched;
    if (sched == null) {
      try {
        sched = LinuxSched.load();
      } catch (UnsupportedOperationException | LinkageError e) {
        schedAvailability = Availability.unavailable("no scheduler syscalls through JNA: " + e.getMessage());
      }
    }
    Path journalDir = b.journalDirectory.toAbsolutePath().normalize();
    HintJournal journal = JOURNALS.computeIfAbsent(journalDir, dir -> new HintJournal(dir, self));
    SysfsClaims claims = CLAIMS.computeIfAbsent(List.of(b.sysfsRoot.toAbsolutePath().normalize(), journalDir),
        key -> new SysfsClaims(b.sysfsRoot, b.io, journal));
    List<Mechanism> list = new ArrayList<>();
    if (b.uclamp) {
      list.add(new UclampMechanism(sched, schedAvailability));
    }
    if (b.affinity) {
      list.add(new AffinityMechanism(sched, schedAvailability, topology));
    }
    if (b.cpufreq) {
      list.addAll(orAbsent("cpufreq", FrequencyDomain.cpufreq(b.sysfsRoot, claims),
          "no cpufreq policies under " + b.sysfsRoot.resolve("devices/system/cpu/cpufreq")
              + " (no cpufreq driver: typical of VMs and containers)"));
    }
    if (b.devfreq) {
      list.addAll(orAbsent("devfreq", FrequencyDomain.devfreq(b.sysfsRoot, claims),
          "no devices under " + b.sysfsRoot.resolve("class/devfreq") + " (no GPU/NPU/bus frequency scaling exposed)"));
    }
    this.mechanisms = List.copyOf(list);
    for (Mechanism m : mechanisms) {
      LOG.debug("hint mechanism {}: {}", m.name(), m.availability());
    }
    this.idleScopes = mechanisms.stream().anyMatch(m -> m.availability().available()) ? null : idleScopes(mechanisms);
  }

  private static HintScope[] idleScopes(List<Mechanism> mechanisms) {
    HintScope[] scopes = new HintScope[HintLevel.values().length];
    for (HintLevel level : HintLevel.values()) {
      List<HintOutcome> outcomes = new ArrayList<>();
      for (Mechanism m : mechanisms) {
        outcomes.add(m.apply(level).outcome());   // an unavailable mechanism only reports why
      }
      scopes[level.ordinal()] = HintScope.of(level, outcomes, () -> { });
    }
    return scopes;
  }

  private static List<? extends Mechanism> orAbsent(String name, List<? extends Mechanism> found, String reason) {
    return found.isEmpty() ? List.of(new Absent(name, reason)) : found;
  }

  /** Hints for this machine ({@code /sys}, the default journal directory, every mechanism). */
  public static LinuxPerformanceHints detect() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Rolls back journals left by dead processes in {@code journalDirectory} against {@code sysfsRoot}
   * and says what it did, one line per node or journal (empty when there was nothing to do).
   */
  public static List<String> rollBackStaleJournals(Path sysfsRoot, Path journalDirectory) {
    return JournalRollback.run(journalDirectory, sysfsRoot, NodeIo.files(), ProcessIdentity.current()).lines();
  }

  /**
   * What {@link #rollBackStaleJournals} would do, without writing or deleting anything (for
   * {@code edgeenergy doctor}).
   */
  public static List<String> staleJournals(Path sysfsRoot, Path journalDirectory) {
    return JournalRollback.run(journalDirectory, sysfsRoot, NodeIo.files(), ProcessIdentity.current(), true).lines();
  }

  /** The default journal directory: {@code $XDG_RUNTIME_DIR/edgeenergy-hints}, else under {@code java.io.tmpdir}. */
  public static Path defaultJournalDirectory() {
    return HintJournal.defaultDirectory();
  }

  @Override
  public HintScope apply(HintLevel level) {
    Objects.requireNonNull(level, "level");
    if (idleScopes != null) {
      return idleScopes[level.ordinal()];
    }
    List<HintOutcome> outcomes = new ArrayList<>(mechanisms.size());
    List<Mechanism.Undo> undos = new ArrayList<>(mechanisms.size());
    List<String> names = new ArrayList<>(mechanisms.size());
    for (Mechanism m : mechanisms) {
      Mechanism.Applied applied;
      try {
        applied = m.apply(level);
      } catch (RuntimeException | LinkageError e) {
        applied = Mechanism.Applied.skipped(m.name(), "failed: " + e);
      }
      outcomes.add(applied.outcome());
      if (applied.undo() != null) {
        undos.add(applied.undo());
        names.add(m.name());
      } else if (m.availability().available() && level != HintLevel.BALANCED && warned.add(m.name())) {
        LOG.warn("hint mechanism {} did not apply: {} (further refusals are logged at debug)", m.name(),
            applied.outcome().detail());
      } else {
        LOG.debug("{}", applied.outcome());
      }
    }
    return HintScope.of(level, outcomes, () -> undo(level, undos, names));
  }

  @Override
  public Map<String, Availability> mechanisms() {
    Map<String, Availability> out = new LinkedHashMap<>();
    for (Mechanism m : mechanisms) {
      out.put(m.name(), m.availability());
    }
    return out;
  }

  /** The CPU clusters the affinity mechanism chooses from. */
  public CpuTopology topology() {
    return topology;
  }

  public Path journalDirectory() {
    return journalDirectory;
  }

  /** What building these hints rolled back from dead processes' journals (usually nothing). */
  public List<String> startupRollback() {
    return startupRollback;
  }

  /** Undoes a scope's mechanisms in reverse order; a failed restore is logged, never thrown. */
  private static void undo(HintLevel level, List<Mechanism.Undo> undos, List<String> names) {
    for (int i = undos.size() - 1; i >= 0; i--) {
      try {
        undos.get(i).run();
      } catch (Exception | LinkageError e) {
        LOG.warn("could not restore {} after a {} hint: {}", names.get(i), level, e.toString());
      }
    }
  }

  /** A mechanism family with nothing to act on here (no cpufreq policy, no devfreq device). */
  private record Absent(String name, String reason) implements Mechanism {
    @Override
    public Availability availability() {
      return Availability.unavailable(reason);
    }

    @Override
    public Applied apply(HintLevel level) {
      return Applied.skipped(name, reason);
    }
  }

  /** Configures {@link LinuxPerformanceHints}; every mechanism is on by default. */
  public static final class Builder {
    private Path sysfsRoot = SYSFS;
    private Path journalDirectory = HintJournal.defaultDirectory();
    private boolean uclamp = true;
    private boolean affinity = true;
    private boolean cpufreq = true;
    private boolean devfreq = true;
    private boolean rollBack = true;
    private SchedCalls sched;
    private NodeIo io;

    private Builder() {}

    /** The sysfs root (default {@code /sys}); tests and {@code doctor --sys} point it at a copy. */
    public Builder sysfsRoot(Path root) {
      this.sysfsRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /** Where the crash-safety journal lives (default {@link #defaultJournalDirectory()}). */
    public Builder journalDirectory(Path directory) {
      this.journalDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public Builder uclamp(boolean on) {
      this.uclamp = on;
      return this;
    }

    public Builder affinity(boolean on) {
      this.affinity = on;
      return this;
    }

    public Builder cpufreq(boolean on) {
      this.cpufreq = on;
      return this;
    }

    public Builder devfreq(boolean on) {
      this.devfreq = on;
      return this;
    }

    /**
     * Whether {@link #build()} rolls back journals of dead processes first (default true; {@code doctor}
     * turns it off to inspect without writing).
     */
    public Builder rollBackStaleJournals(boolean on) {
      this.rollBack = on;
      return this;
    }

    /** Test seam: scheduler calls other than JNA's. */
    Builder sched(SchedCalls calls) {
      this.sched = Objects.requireNonNull(calls, "calls");
      return this;
    }

    /**
     * Test seam: sysfs access that plays the kernel's validation on a fake tree (default: plain
     * writes, with kernfs's read-only rule when the sysfs root is not {@code /sys}).
     */
    Builder nodeIo(NodeIo nodeIo) {
      this.io = Objects.requireNonNull(nodeIo, "nodeIo");
      return this;
    }

    /** Rolls back stale journals, probes every mechanism, and returns the hints. Never throws for a missing mechanism. */
    public LinuxPerformanceHints build() {
      if (io == null) {
        io = sysfsRoot.equals(SYSFS) ? NodeIo.files() : NodeIo.kernfs();
      }
      return new LinuxPerformanceHints(this);
    }
  }
}
