package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who owns a journal: pid plus the process start time ({@code /proc/<pid>/stat} field 22, clock ticks
 * since boot), so a recycled pid is not mistaken for the owner, plus the boot id, so a journal from
 * before a reboot (whose sysfs writes the reboot already undid) is discarded rather than replayed.
 */
public record ProcessIdentity(long pid, long startTicks, String bootId) {
  private static final Path PROC = Path.of("/proc");

  /** This process. */
  public static ProcessIdentity current() {
    long pid = ProcessHandle.current().pid();
    return new ProcessIdentity(pid, startTicksOf(pid).orElse(-1L), currentBootId());
  }

  /** Whether the process this identity names still runs (same pid, same start time, same boot). */
  public boolean alive() {
    return bootId.equals(currentBootId()) && startTicksOf(pid).map(t -> t == startTicks).orElse(false);
  }

  /** The start time of {@code pid}, empty when no such process exists. */
  static Optional<Long> startTicksOf(long pid) {
    try {
      // any outcome but present (absent: the process is gone; denied: hidepid) means "no such process"
      String stat = SysfsReader.system().text(PROC.resolve(Long.toString(pid)).resolve("stat")).orThrow();
      // the command name (field 2) may hold spaces and parentheses: count fields after the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Optional.of(Long.parseLong(fields[19]));   // field 22 overall = index 19 after state (field 3)
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String currentBootId() {
    return Sysfs.readLine(PROC.resolve("sys/kernel/random/boot_id")).orElse("unknown");
  }
}
