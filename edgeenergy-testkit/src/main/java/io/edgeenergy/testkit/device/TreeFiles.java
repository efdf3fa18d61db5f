package io.edgeenergy.testkit.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * How a simulated device writes its tree. A file a meter opens for every read gets a new value by
 * rename (atomic, like a sysfs read); a counter file a meter keeps open (RAPL, hwmon energy) is
 * rewritten in place under the {@link SysfsGate}'s lock, since a rename would leave the reader on
 * the old file. Not thread-safe: only the device's writer thread uses it.
 */
final class TreeFiles implements AutoCloseable {
  private final Path root;
  private final Path scratch;
  private final SysfsGate gate;
  private final Map<Path, FileChannel> inPlace = new HashMap<>();
  private final ByteBuffer buf = ByteBuffer.allocate(64);

  TreeFiles(Path root, SysfsGate gate) {
    this.root = root;
    this.scratch = root.resolve(".scratch");
    this.gate = gate;
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path(String relative) {
    return root.resolve(relative);
  }

  /** Creates or replaces {@code relative} with {@code value} and sysfs's trailing newline, atomically. */
  void put(String relative, Object value) {
    putRaw(relative, value + "\n");
  }

  void putRaw(String relative, String content) {
    Path target = path(relative);
    Path tmp = scratch.resolve(target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites a counter file in place (same inode), as one value under the gate's lock. */
  void putInPlace(String relative, long value) {
    Path target = path(relative);
    gate.writeAtomically(() -> {
      try {
        FileChannel ch = inPlace.get(target);
        if (ch == null || !ch.isOpen()) {
          Files.createDirectories(target.getParent());
          ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          inPlace.put(target, ch);
        }
        buf.clear();
        buf.put((value + "\n").getBytes(StandardCharsets.US_ASCII)).flip();
        int n = buf.remaining();
        ch.write(buf, 0);
        ch.truncate(n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  void remove(String relative) {
    try {
      Files.deleteIfExists(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves {@code relative} out of the tree (it vanishes) or back; the file keeps its inode. */
  void hide(String relative) {
    move(path(relative), scratch.resolve("hidden-" + relative.replace('/', '_')));
  }

  void unhide(String relative) {
    move(scratch.resolve("hidden-" + relative.replace('/', '_')), path(relative));
  }

  private static void move(Path from, Path to) {
    try {
      if (Files.exists(from)) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (FileChannel ch : inPlace.values()) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing a tmpfs file loses nothing
      }
    }
    inPlace.clear();
  }
}
