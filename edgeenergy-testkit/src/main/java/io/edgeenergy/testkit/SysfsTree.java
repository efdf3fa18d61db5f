package io.edgeenergy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * A fake {@code /sys} (or {@code /proc}) tree on disk for meter and DVFS tests: write files the way
 * the kernel lays them out (sysfs values end with a newline), change them between reads, make them
 * unreadable or vanish. Runtime classes take the tree's root instead of {@code /}.
 *
 * <p>Fixture trees that copy real devices live under {@code src/main/resources/io/edgeenergy/testkit/sysfs/}
 * as a plain text archive ({@link #load(String)}): lines {@code # path} start a file, the lines that
 * follow are its content (a sysfs value is one line), {@code #! mode 0400} after the path sets its
 * permissions and {@code #! unreadable} makes it a node whose reads fail ({@link #unreadable}). Every
 * archive names the device it copies and its source in its first comment lines.
 */
public final class SysfsTree {
  private static final String FIXTURES = "/io/edgeenergy/testkit/sysfs/";

  private final Path root;

  private SysfsTree(Path root) {
    this.root = root;
  }

  /** An empty tree rooted at {@code root} (usually a JUnit {@code @TempDir}). */
  public static SysfsTree at(Path root) {
    return new SysfsTree(Objects.requireNonNull(root, "root"));
  }

  public Path root() {
    return root;
  }

  /** The absolute path of {@code relative} (e.g. {@code sys/class/powercap}) inside the tree. */
  public Path path(String relative) {
    return root.resolve(relative);
  }

  /** Writes {@code value} plus the newline sysfs adds, creating parent directories. */
  public SysfsTree write(String relative, Object value) {
    return writeRaw(relative, value + "\n");
  }

  /** Writes exactly {@code content} (empty files, garbage, no newline). */
  public SysfsTree writeRaw(String relative, String content) {
    try {
      Path p = path(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets POSIX permissions, e.g. {@code "r--------"} for RAPL's root-only {@code energy_uj}. */
  public SysfsTree permissions(String relative, String rwx) {
    try {
      Files.setPosixFilePermissions(path(relative), PosixFilePermissions.fromString(rwx));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a file or an empty directory, as a sensor that disappears. */
  public SysfsTree delete(String relative) {
    try {
      Files.deleteIfExists(path(relative));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces {@code relative} by a node that exists but whose every read fails with an I/O error, as a
   * sensor that answers EAGAIN, EIO or ENODATA does (an offline Jetson thermal zone, an iwlwifi zone
   * with the radio down). It is a directory, so reads fail with EISDIR: permission bits cannot do it
   * because tests may run as root.
   */
  public SysfsTree unreadable(String relative) {
    try {
      Path p = path(relative);
      Files.deleteIfExists(p);
      Files.createDirectories(p);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Unpacks the fixture archive {@code name} (e.g. {@code "rapl-intel-2zones.txt"}) from the testkit's
   * resources into this tree.
   */
  public SysfsTree load(String name) {
    try (InputStream in = SysfsTree.class.getResourceAsStream(FIXTURES + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sysfs fixture '" + name + "' under " + FIXTURES);
      }
      String path = null;
      StringBuilder content = new StringBuilder();
      String mode = null;
      boolean unreadable = false;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (line.startsWith("# ")) {
          flush(path, content, mode, unreadable);
          path = line.substring(2).trim();
          content.setLength(0);
          mode = null;
          unreadable = false;
        } else if (line.startsWith("#! unreadable")) {
          unreadable = true;
        } else if (line.startsWith("#! mode ")) {
          mode = line.substring("#! mode ".length()).trim();
        } else if (line.startsWith("##") || (path == null && line.isBlank())) {
          continue;   // archive comments
        } else if (path != null) {
          content.append(line).append('\n');
        }
      }
      flush(path, content, mode, unreadable);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flush(String path, StringBuilder content, String octalMode, boolean unreadable) {
    if (path == null) {
      return;
    }
    if (unreadable) {
      unreadable(path);
      return;
    }
    String text = content.toString();
    while (text.endsWith("\n\n")) {
      text = text.substring(0, text.length() - 1);
    }
    writeRaw(path, text);
    if (octalMode != null) {
      permissions(path, rwx(Integer.parseInt(octalMode, 8)));
    }
  }

  private static String rwx(int mode) {
    StringBuilder sb = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      sb.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return sb.toString();
  }
}
