package io.edgeenergy.runtime.hints.internal;

import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hints' view of sysfs, on the runtime's one reader ({@link SysfsReader}). Topology and limits the
 * hints read are optional facts: a node that is absent leaves the fact unknown silently (the mechanism
 * is simply not offered); one that is there but denied, garbage or failing leaves it unknown too, but is
 * logged once at WARN naming the node and the fix, so "not readable" is never mistaken for "not there".
 */
public final class Sysfs {
  private static final Logger LOG = LoggerFactory.getLogger(Sysfs.class);
  private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

  private Sysfs() {}

  /** Entries of {@code dir} whose name matches {@code regex}, sorted by name with numbers in order. */
  public static List<Path> list(Path dir, String regex) {
    return SysfsReader.list(dir, regex);
  }

  /** The first line of {@code file}, stripped; empty when absent, unreadable or blank (see the class comment). */
  public static Optional<String> readLine(Path file) {
    return reported(SysfsReader.system().line(file)).value();
  }

  /** {@link #readLine} as a long; empty when it is not a number. */
  public static Optional<Long> readLong(Path file) {
    SysfsRead r = reported(SysfsReader.system().number(file));
    return r.isPresent() ? Optional.of(r.number().getAsLong()) : Optional.empty();
  }

  private static SysfsRead reported(SysfsRead r) {
    if (r.isProblem()) {
      if (WARNED.add(r.path())) {
        LOG.warn("{}; treated as unknown", r.problem());
      } else {
        LOG.debug("{}", r.problem());
      }
    }
    return r;
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
}
