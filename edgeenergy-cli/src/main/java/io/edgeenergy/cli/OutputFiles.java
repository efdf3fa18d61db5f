package io.edgeenergy.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine;

/**
 * Checks an output file option before a command spends minutes on its work, so a typo or an
 * unwritable directory fails at once instead of losing the results at the end. The check opens the
 * file for appending (which also works for root, where permission bits prove nothing) and removes it
 * again if it did not exist.
 */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Fails with a {@link CommandLine.ParameterException} naming {@code option}, the path and the
   * reason unless {@code file} can be written; {@code null} (option not given) passes.
   */
  static void requireWritable(CommandLine cli, String option, Path file) {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    String problem = null;
    if (Files.isDirectory(file)) {
      problem = "it is a directory";
    } else if (parent != null && !Files.isDirectory(parent)) {
      problem = Files.exists(parent) ? parent + " is not a directory" : "directory " + parent + " does not exist";
    } else {
      boolean existed = Files.exists(file);
      try (OutputStream probe = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        probe.flush();
      } catch (IOException | SecurityException e) {
        problem = "it cannot be written (" + e + ")";
      } finally {
        if (!existed) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException ignored) {
            // the probe file may stay behind empty; the real write replaces it
          }
        }
      }
    }
    if (problem != null) {
      throw new CommandLine.ParameterException(cli, option + " " + file + ": " + problem
          + "; choose a writable file (checked before the work starts, so no results are lost)");
    }
  }
}
