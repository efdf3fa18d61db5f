package io.edgeenergy.testkit.device;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of the kernel a simulated device cannot copy with plain files, put where a meter opens or
 * reads its files (its opener or power-source seam): permission denied on demand (tests run as root, so
 * file modes cannot refuse them), and whole values. sysfs hands out a value atomically, while a
 * counter file that the device rewrites in place could be read half-written; {@link #read} and the
 * device's in-place writes take the same lock, so a reader sees the old value or the new one.
 *
 * <p>Wrap a meter's seam with it, e.g. for RAPL: {@code path -> gated(CounterFile.open(path))}
 * where every read goes through {@code gate.read(path, file::readMicrojoules)}.
 */
public final class SysfsGate {
  /** One read of a file, which may fail like the real one. */
  @FunctionalInterface
  public interface Read<T> {
    T call() throws IOException;
  }

  private final Set<Path> denied = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final AtomicLong refusals = new AtomicLong();

  /**
   * Runs {@code read} of {@code path} as the kernel would: refused with {@link AccessDeniedException}
   * while the path (or a directory above it) is denied, else serialized with in-place writes.
   */
  public <T> T read(Path path, Read<T> read) throws IOException {
    check(path);
    synchronized (lock) {
      return read.call();
    }
  }

  /** Throws {@link AccessDeniedException} if {@code path} is denied now, as {@code open(2)} would. */
  public void check(Path path) throws AccessDeniedException {
    Path p = path.toAbsolutePath();
    for (Path d : denied) {
      if (p.startsWith(d)) {
        refusals.incrementAndGet();
        throw new AccessDeniedException(path.toString(), null, "Permission denied");
      }
    }
  }

  /** How many reads were refused so far. */
  public long refusals() {
    return refusals.get();
  }

  void deny(Path p) {
    denied.add(p.toAbsolutePath());
  }

  void allow(Path p) {
    denied.remove(p.toAbsolutePath());
  }

  void writeAtomically(Runnable write) {
    synchronized (lock) {
      write.run();
    }
  }
}
