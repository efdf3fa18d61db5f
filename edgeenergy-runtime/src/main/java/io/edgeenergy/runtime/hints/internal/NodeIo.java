package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes one sysfs attribute. The real one writes the value and a newline in one
 * {@code write(2)} without creating the file; a kernel that rejects the value fails the write with
 * {@code EINVAL}/{@code EBUSY}, which Java reports as an {@link IOException} naming the error. Tests
 * wrap it to play the kernel's validation on a fake tree.
 */
public interface NodeIo {
  String read(Path node) throws IOException;

  void write(Path node, String value) throws IOException;

  /**
   * Plain file access. On real sysfs, kernfs itself refuses to open an attribute without a write bit,
   * even for root ({@code EACCES}, an {@link java.nio.file.AccessDeniedException}); {@link #kernfs()}
   * plays that rule on a fake tree.
   */
  static NodeIo files() {
    return Files0.INSTANCE;
  }

  /**
   * {@link #files()} plus kernfs's rule that an attribute without any write bit refuses a write even
   * from root, for fake trees (where root could write anything) and copies of a device's sysfs.
   */
  static NodeIo kernfs() {
    return new NodeIo() {
      @Override
      public String read(Path node) throws IOException {
        return Files0.INSTANCE.read(node);
      }

      @Override
      public void write(Path node, String value) throws IOException {
        if (Files.exists(node) && !Sysfs.writable(node)) {
          throw new AccessDeniedException(node.toString(), null, "read-only sysfs attribute (no write permission)");
        }
        Files0.INSTANCE.write(node, value);
      }
    };
  }

  /** The default implementation (an enum so it is a singleton without a lazy holder). */
  enum Files0 implements NodeIo {
    INSTANCE;

    @Override
    public String read(Path node) throws IOException {
      // the runtime's one reader: absent, denied (with the fix) and garbage are distinct exceptions
      return SysfsReader.system().text(node).orThrow().strip();
    }

    @Override
    public void write(Path node, String value) throws IOException {
      Files.write(node, (value + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }
  }
}
