package io.edgeenergy.runtime.hints.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small sysfs reading helpers that never throw: an unreadable node is simply absent. */
public final class Sysfs {
  private Sysfs() {}

  /** Entries of {@code dir} whose name matches {@code regex}, sorted by name with numbers in order. */
  public static List<Path> list(Path dir, String regex) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        if (p.getFileName().toString().matches(regex)) {
          out.add(p);
        }
      }
    } catch (IOException | SecurityException e) {
      return out;
    }
    out.sort((a, b) -> naturalCompare(a.getFileName().toString(), b.getFileName().toString()));
    return out;
  }

  /** The first line of {@code file}, stripped; empty when absent, unreadable or blank. */
  public static Optional<String> readLine(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      String line = (nl < 0 ? text : text.substring(0, nl)).strip();
      return line.isEmpty() ? Optional.empty() : Optional.of(line);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@link #readLine} as a long; empty when it is not a number. */
  public static Optional<Long> readLong(Path file) {
    return readLine(file).flatMap(s -> {
      try {
        return Optional.of(Long.parseLong(s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Whether sysfs would accept a write: kernfs refuses {@code open(O_WRONLY)} with EACCES on an
   * attribute without any write bit even for root, so check the mode bits as well as access.
   */
  public static boolean writable(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      boolean anyWriteBit = mode.contains(PosixFilePermission.OWNER_WRITE) || mode.contains(PosixFilePermission.GROUP_WRITE)
          || mode.contains(PosixFilePermission.OTHERS_WRITE);
      return anyWriteBit && Files.isWritable(file);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static int naturalCompare(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    if (pa.equals(pb) && a.length() > pa.length() && b.length() > pb.length()) {
      return Long.compare(Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
    }
    return a.compareTo(b);
  }
}
