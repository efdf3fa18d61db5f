package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.runtime.hints.SysfsWriteRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rolls back journals left by processes that died holding hints: every node such a journal names is
 * written back to its original value (allow-listed nodes only), then the journal is deleted. Journals
 * of live processes are left alone; a journal from an earlier boot is deleted without replay, since the
 * reboot already reset those nodes. Minimum and maximum limits may need each other's old value first,
 * so nodes that fail are retried once after the others.
 */
public final class JournalRollback {
  private JournalRollback() {}

  /** What a rollback did, one human-readable line per journal or node. */
  public record Report(List<String> lines, int restored, int failed) {
    public Report {
      lines = List.copyOf(lines);
    }
  }

  public static Report run(Path journalDirectory, Path sysfsRoot, NodeIo io, ProcessIdentity self) {
    return run(journalDirectory, sysfsRoot, io, self, false);
  }

  /** With {@code dryRun}, only says what a rollback would do: nothing is written or deleted. */
  public static Report run(Path journalDirectory, Path sysfsRoot, NodeIo io, ProcessIdentity self, boolean dryRun) {
    List<String> lines = new ArrayList<>();
    int restored = 0;
    int failed = 0;
    for (Path file : Sysfs.list(journalDirectory, "journal-\\d+\\.txt")) {
      HintJournal.Contents contents;
      try {
        contents = HintJournal.read(file);
      } catch (NoSuchFileException e) {
        continue;   // its owner just finished and deleted it
      } catch (IOException e) {
        lines.add("skipped " + e.getMessage() + " (left in place; delete it by hand if it is not ours)");
        failed++;
        continue;
      }
      ProcessIdentity owner = contents.owner();
      if (owner.pid() == self.pid() && owner.startTicks() == self.startTicks()) {
        continue;   // this process's own journal
      }
      if (!owner.bootId().equals(self.bootId())) {
        if (!dryRun) {
          delete(file, lines);
        }
        lines.add(file + ": from an earlier boot (" + owner.bootId() + "); the reboot already reset its "
            + contents.originals().size() + " node(s), " + (dryRun ? "would be deleted" : "deleted") + " without replay");
        continue;
      }
      if (owner.alive()) {
        lines.add(file + ": owner pid " + owner.pid() + " is alive, left alone");
        continue;
      }
      if (dryRun) {
        for (Map.Entry<Path, String> e : contents.originals()) {
          lines.add("would restore " + e.getKey() + " = " + e.getValue() + " (left by dead pid " + owner.pid() + ")");
        }
        continue;
      }
      List<Map.Entry<Path, String>> pending = new ArrayList<>(contents.originals());
      List<String> errors = new ArrayList<>();
      for (int pass = 0; pass < 2 && !pending.isEmpty(); pass++) {
        List<Map.Entry<Path, String>> retry = new ArrayList<>();
        errors.clear();
        for (Map.Entry<Path, String> e : pending) {
          try {
            AllowList.check(sysfsRoot, e.getKey());
            io.write(e.getKey(), e.getValue());
            lines.add("restored " + e.getKey() + " = " + e.getValue() + " (left by dead pid " + owner.pid() + ")");
            restored++;
          } catch (SysfsWriteRefusedException refused) {
            errors.add(refused.getMessage());
          } catch (NoSuchFileException gone) {
            lines.add("skipped " + e.getKey() + ": node no longer exists");
          } catch (IOException | RuntimeException ex) {
            retry.add(e);
            errors.add("cannot restore " + e.getKey() + " = " + e.getValue() + ": " + describe(ex));
          }
        }
        pending = retry;
      }
      lines.addAll(errors);
      failed += errors.size();
      if (pending.isEmpty()) {
        delete(file, lines);
      } else {
        lines.add(file + ": kept, " + pending.size() + " node(s) still to restore (rerun as a user allowed to write "
            + "them, e.g. `edgeenergy doctor --restore` as root)");
      }
    }
    return new Report(lines, restored, failed);
  }

  private static void delete(Path file, List<String> lines) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      lines.add("cannot delete " + file + ": " + describe(e));
    }
  }

  static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
