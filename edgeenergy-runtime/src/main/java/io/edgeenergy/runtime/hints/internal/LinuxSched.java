package io.edgeenergy.runtime.hints.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.util.BitSet;

/**
 * {@link SchedCalls} through JNA on glibc/musl/bionic Linux. {@code sched_setattr}/{@code sched_getattr}
 * have no libc wrapper on most C libraries, so they go through {@code syscall(2)} with the
 * architecture's numbers; affinity uses the libc wrappers. The library is loaded by {@link #load()},
 * never in a static initializer, so a JVM where JNA cannot load only loses these mechanisms.
 */
public final class LinuxSched implements SchedCalls {
  // struct sched_attr (include/uapi/linux/sched/types.h), SCHED_ATTR_SIZE_VER1 = 56 bytes with the clamps.
  private static final int ATTR_SIZE = 56;
  private static final int OFF_FLAGS = 8;
  private static final int OFF_UTIL_MIN = 48;
  private static final int OFF_UTIL_MAX = 52;
  // include/uapi/linux/sched.h: keep policy and nice/priority, change only the two clamps.
  private static final long SCHED_FLAG_KEEP_POLICY = 0x08;
  private static final long SCHED_FLAG_KEEP_PARAMS = 0x10;
  private static final long SCHED_FLAG_UTIL_CLAMP_MIN = 0x20;
  private static final long SCHED_FLAG_UTIL_CLAMP_MAX = 0x40;
  private static final long SET_CLAMPS = SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS
      | SCHED_FLAG_UTIL_CLAMP_MIN | SCHED_FLAG_UTIL_CLAMP_MAX;
  /** 1024 CPUs, glibc's CPU_SETSIZE. */
  private static final int MASK_BYTES = 128;

  /** The C library entry points; {@code syscall} takes longs so no variadic int is read as a long. */
  interface CLib extends Library {
    long syscall(long number, Object... args) throws LastErrorException;

    int sched_getaffinity(int pid, NativeLong cpusetsize, byte[] mask) throws LastErrorException;

    int sched_setaffinity(int pid, NativeLong cpusetsize, byte[] mask) throws LastErrorException;
  }

  /** System call numbers of one architecture: gettid, sched_setattr, sched_getattr. */
  record Numbers(long gettid, long setattr, long getattr) {}

  private final CLib lib;
  private final Numbers numbers;

  private LinuxSched(CLib lib, Numbers numbers) {
    this.lib = lib;
    this.numbers = numbers;
  }

  /**
   * Loads libc. Throws {@link UnsupportedOperationException} off Linux or on an architecture whose
   * syscall numbers are not known here, {@link LinkageError} when JNA cannot load.
   */
  public static LinuxSched load() {
    if (!Platform.isLinux() && !Platform.isAndroid()) {
      throw new UnsupportedOperationException("not Linux (" + System.getProperty("os.name") + ")");
    }
    Numbers numbers = numbersFor(Platform.ARCH);
    if (numbers == null) {
      throw new UnsupportedOperationException("sched_setattr syscall number unknown for architecture " + Platform.ARCH);
    }
    return new LinuxSched(Native.load(Platform.C_LIBRARY_NAME, CLib.class), numbers);
  }

  /** From the kernel's syscall tables (arch/x86/entry/syscalls, include/uapi/asm-generic/unistd.h, arch/arm/tools). */
  static Numbers numbersFor(String arch) {
    return switch (arch) {
      case "x86-64" -> new Numbers(186, 314, 315);
      case "aarch64", "riscv64", "loongarch64" -> new Numbers(178, 274, 275);
      case "arm", "armel" -> new Numbers(224, 380, 381);
      case "x86" -> new Numbers(224, 351, 352);
      default -> null;
    };
  }

  @Override
  public int currentTid() {
    try {
      return (int) lib.syscall(numbers.gettid());
    } catch (LastErrorException e) {
      throw failed("gettid", e);
    }
  }

  @Override
  public int[] utilClamp(int tid) {
    try (Memory attr = new Memory(ATTR_SIZE)) {
      attr.clear();
      lib.syscall(numbers.getattr(), (long) tid, attr, (long) ATTR_SIZE, 0L);
      return new int[] {attr.getInt(OFF_UTIL_MIN), attr.getInt(OFF_UTIL_MAX)};
    } catch (LastErrorException e) {
      throw failed("sched_getattr", e);
    }
  }

  @Override
  public void setUtilClamp(int tid, int min, int max) {
    try (Memory attr = new Memory(ATTR_SIZE)) {
      attr.clear();
      attr.setInt(0, ATTR_SIZE);
      attr.setLong(OFF_FLAGS, SET_CLAMPS);
      attr.setInt(OFF_UTIL_MIN, min);
      attr.setInt(OFF_UTIL_MAX, max);
      lib.syscall(numbers.setattr(), (long) tid, attr, 0L);
    } catch (LastErrorException e) {
      throw failed("sched_setattr", e);
    }
  }

  @Override
  public BitSet affinity(int tid) {
    byte[] mask = new byte[MASK_BYTES];
    try {
      lib.sched_getaffinity(tid, new NativeLong(MASK_BYTES), mask);
    } catch (LastErrorException e) {
      throw failed("sched_getaffinity", e);
    }
    // cpu_set_t is an array of unsigned longs, bit n = CPU n: on little-endian that is BitSet's byte order.
    return BitSet.valueOf(mask);
  }

  @Override
  public void setAffinity(int tid, BitSet cpus) {
    byte[] mask = new byte[MASK_BYTES];
    byte[] bits = cpus.toByteArray();
    System.arraycopy(bits, 0, mask, 0, Math.min(bits.length, MASK_BYTES));
    try {
      lib.sched_setaffinity(tid, new NativeLong(MASK_BYTES), mask);
    } catch (LastErrorException e) {
      throw failed("sched_setaffinity", e);
    }
  }

  private static SchedException failed(String call, LastErrorException e) {
    String text = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^\\[\\d+\\]\\s*", "");
    return new SchedException(call, e.getErrorCode(), text);
  }
}
