package io.edgeenergy.cli;

import io.edgeenergy.EdgeEnergyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An output file checked before the work that fills it: {@link #claim} opens it for writing at once
 * (creating it), so an unwritable path fails in milliseconds, not after a long run.
 */
final class OutputFile {
  private final Path path;

  private OutputFile(Path path) {
    this.path = path;
  }

  /** Creates (or truncates) {@code path} now; a clear error if it cannot be written. */
  static OutputFile claim(Path path) {
    try {
      Files.newByteChannel(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING).close();
    } catch (IOException | SecurityException e) {
      throw new EdgeEnergyException("cannot write " + path + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "): choose a writable file, e.g. in an existing directory you own; nothing was run");
    }
    return new OutputFile(path);
  }

  void write(String content) throws IOException {
    Files.writeString(path, content, StandardCharsets.UTF_8);
  }

  Path path() {
    return path;
  }
}
