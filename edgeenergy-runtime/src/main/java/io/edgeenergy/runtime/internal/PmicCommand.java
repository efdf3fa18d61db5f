package io.edgeenergy.runtime.internal;

import io.edgeenergy.runtime.meter.RaspberryPi5PmicMeter.AdcCommand;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds and runs the real {@code vcgencmd pmic_read_adc}. */
public final class PmicCommand {
  private static final long TIMEOUT_MILLIS = 2_000;

  private PmicCommand() {}

  /** {@code vcgencmd} on {@code PATH}, else {@code /usr/bin/vcgencmd}, if executable. */
  public static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "vcgencmd"));
        }
      }
    }
    candidates.add(Path.of("/usr/bin/vcgencmd"));
    for (Path p : candidates) {
      try {
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      } catch (SecurityException e) {
        // not ours to read: try the next one
      }
    }
    return Optional.empty();
  }

  /** Runs {@code exe pmic_read_adc}, waiting at most 2 s; a non-zero exit is an error with its output. */
  public static AdcCommand runner(Path exe) {
    return () -> {
      Process p = new ProcessBuilder(exe.toString(), "pmic_read_adc").redirectErrorStream(true).start();
      try (InputStream in = p.getInputStream()) {
        // wait first: the output (~1.2 kB) fits the pipe buffer, so a hung vcgencmd cannot block us past the timeout
        if (!p.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IOException(exe + " pmic_read_adc did not finish within " + TIMEOUT_MILLIS + " ms");
        }
        String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new IOException(exe + " pmic_read_adc exited " + p.exitValue() + ": " + text.strip());
        }
        return text;
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running " + exe, e);
      }
    };
  }
}
