package io.edgeenergy.runtime.hints.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This process's journal of sysfs nodes it has changed and their original values, one file
 * {@code journal-<pid>.txt} in the journal directory. It is rewritten atomically (temp file, then
 * {@code ATOMIC_MOVE}) BEFORE each new node is written, so a process crash at any point leaves either
 * the old or the new journal, never a torn one, and never a changed node that no journal names. No
 * fsync: a process crash keeps the page cache, and an OS crash resets sysfs anyway (the boot id then
 * discards the journal), so fsync would cost milliseconds per hint for nothing. The file is deleted
 * when the last node is restored.
 *
 * <p>Format (text, one record a line): {@code edgeenergy-hints-journal 1}, {@code pid N},
 * {@code start TICKS}, {@code boot UUID}, then {@code node<TAB>absolute path<TAB>original value}.
 */
public final class HintJournal {
  static final String MAGIC = "edgeenergy-hints-journal 1";

  private final Path file;
  private final ProcessIdentity owner;
  private final Map<Path, String> originals = new LinkedHashMap<>();
  private boolean directoryChecked;

  public HintJournal(Path directory, ProcessIdentity owner) {
    this.file = directory.resolve("journal-" + owner.pid() + ".txt");
    this.owner = owner;
  }

  /**
   * The default directory, on tmpfs where there is one (the journal must not outlive a reboot, which
   * resets sysfs, and a disk file system makes every rename cost milliseconds):
   * {@code $XDG_RUNTIME_DIR/edgeenergy-hints}, else {@code /dev/shm/edgeenergy-hints-<user>}, else
   * {@code java.io.tmpdir/edgeenergy-hints-<user>}.
   */
  public static Path defaultDirectory() {
    String user = System.getProperty("user.name", "user");
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
      return Path.of(runtime, "edgeenergy-hints");
    }
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm.resolve("edgeenergy-hints-" + user);
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "edgeenergy-hints-" + user);
  }

  public Path file() {
    return file;
  }

  /** Records {@code node}'s original value and persists the journal before the caller writes the node. */
  public void record(Path node, String original) {
    recordAll(Map.of(node, original));
  }

  /** Records several originals with one journal write. */
  public synchronized void recordAll(Map<Path, String> nodeOriginals) {
    nodeOriginals.forEach((node, original) -> {
      String path = node.toAbsolutePath().normalize().toString();
      if (path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0 || original.indexOf('\t') >= 0 || original.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("journal cannot hold a tab or newline: " + path + " = " + original);
      }
    });
    nodeOriginals.forEach((node, original) -> originals.put(node.toAbsolutePath().normalize(), original));
    try {
      persist();
    } catch (RuntimeException e) {
      nodeOriginals.keySet().forEach(node -> originals.remove(node.toAbsolutePath().normalize()));
      throw e;
    }
  }

  /** Forgets {@code node} once it holds its original value again. */
  public void forget(Path node) {
    forgetAll(List.of(node));
  }

  /** Forgets several nodes with one journal write (none when none of them was recorded). */
  public synchronized void forgetAll(Collection<Path> nodes) {
    boolean changed = false;
    for (Path node : nodes) {
      changed |= originals.remove(node.toAbsolutePath().normalize()) != null;
    }
    if (changed) {
      persist();
    }
  }

  /** A shared place (/dev/shm, /tmp) may hold a directory another user made: never journal into it. */
  private void checkOwner(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      String owner = Files.getOwner(dir).getName();   // a passwd lookup: done once, not per write
      if (!owner.equals(System.getProperty("user.name"))) {
        throw new IOException(dir + " belongs to " + owner + ", not to this user: refusing to keep the journal there "
            + "(set the journal directory explicitly)");
      }
      directoryChecked = true;
    }
  }

  private void persist() {
    try {
      if (originals.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Path dir = file.getParent();
      if (!directoryChecked) {
        checkOwner(dir);
      }
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        try {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: keep the platform default
        }
      }
      StringBuilder text = new StringBuilder(MAGIC).append('\n')
          .append("pid ").append(owner.pid()).append('\n')
          .append("start ").append(owner.startTicks()).append('\n')
          .append("boot ").append(owner.bootId()).append('\n');
      originals.forEach((node, value) -> text.append("node\t").append(node).append('\t').append(value).append('\n'));
      Path temp = dir.resolve(file.getFileName() + ".tmp");
      directoryChecked = true;   // created by this process, or checked above
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(StandardCharsets.UTF_8.encode(text.toString()));
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the hint journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** A journal read back: its owner and the original value of each node it changed, in write order. */
  public record Contents(ProcessIdentity owner, List<Map.Entry<Path, String>> originals) {}

  /** Reads a journal file; throws {@link IOException} naming the file and line when it is not one. */
  public static Contents read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() < 4 || !lines.get(0).equals(MAGIC)) {
      throw new IOException(file + ": not an edgeenergy hint journal (first line must be '" + MAGIC + "')");
    }
    long pid = number(file, lines.get(1), "pid ");
    long start = number(file, lines.get(2), "start ");
    if (!lines.get(3).startsWith("boot ")) {
      throw new IOException(file + " line 4: expected 'boot <id>', was '" + lines.get(3) + "'");
    }
    List<Map.Entry<Path, String>> originals = new ArrayList<>();
    for (int i = 4; i < lines.size(); i++) {
      String[] parts = lines.get(i).split("\t", -1);
      if (parts.length != 3 || !parts[0].equals("node")) {
        throw new IOException(file + " line " + (i + 1) + ": expected 'node<TAB>path<TAB>value', was '" + lines.get(i) + "'");
      }
      originals.add(Map.entry(Path.of(parts[1]), parts[2]));
    }
    return new Contents(new ProcessIdentity(pid, start, lines.get(3).substring(5)), originals);
  }

  private static long number(Path file, String line, String prefix) throws IOException {
    try {
      if (line.startsWith(prefix)) {
        return Long.parseLong(line.substring(prefix.length()));
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw new IOException(file + ": expected '" + prefix + "<number>', was '" + line + "'");
  }
}
