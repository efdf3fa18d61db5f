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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This process's journal of sysfs nodes it has changed and their original values, one file
 * {@code journal-<pid>.txt} in the journal directory. It is rewritten atomically (temp file, fsync,
 * {@code ATOMIC_MOVE}) BEFORE each new node is written, so a crash at any point leaves either the old
 * or the new journal, never a torn one, and never a changed node that no journal names. The file is
 * deleted when the last node is restored.
 *
 * <p>Format (text, one record a line): {@code edgeenergy-hints-journal 1}, {@code pid N},
 * {@code start TICKS}, {@code boot UUID}, then {@code node<TAB>absolute path<TAB>original value}.
 */
public final class HintJournal {
  static final String MAGIC = "edgeenergy-hints-journal 1";

  private final Path file;
  private final ProcessIdentity owner;
  private final Map<Path, String> originals = new LinkedHashMap<>();

  public HintJournal(Path directory, ProcessIdentity owner) {
    this.file = directory.resolve("journal-" + owner.pid() + ".txt");
    this.owner = owner;
  }

  /**
   * The default directory: {@code $XDG_RUNTIME_DIR/edgeenergy-hints} (per user, on tmpfs, so it
   * vanishes at reboot as the sysfs changes do), else {@code java.io.tmpdir/edgeenergy-hints-<user>}.
   */
  public static Path defaultDirectory() {
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
      return Path.of(runtime, "edgeenergy-hints");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "edgeenergy-hints-" + System.getProperty("user.name", "user"));
  }

  public Path file() {
    return file;
  }

  /** Records {@code node}'s original value and persists the journal before the caller writes the node. */
  public synchronized void record(Path node, String original) {
    String path = node.toAbsolutePath().normalize().toString();
    if (path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0 || original.indexOf('\t') >= 0 || original.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("journal cannot hold a tab or newline: " + path + " = " + original);
    }
    originals.put(node.toAbsolutePath().normalize(), original);
    persist();
  }

  /** Forgets {@code node} once it holds its original value again. */
  public synchronized void forget(Path node) {
    if (originals.remove(node.toAbsolutePath().normalize()) != null) {
      persist();
    }
  }

  private void persist() {
    try {
      if (originals.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Path dir = file.getParent();
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
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(StandardCharsets.UTF_8.encode(text.toString()));
        channel.force(true);
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
