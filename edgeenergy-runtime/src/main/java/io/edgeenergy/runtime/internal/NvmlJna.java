package io.edgeenergy.runtime.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * {@link NvmlBinding} over the NVIDIA driver's {@code libnvidia-ml} through JNA. The library is loaded
 * only by {@link #load()}, never in a static initializer, so merely loading this class on a machine
 * without an NVIDIA driver costs nothing and throws nothing.
 */
public final class NvmlJna implements NvmlBinding {
  /** The NVML entry points used; JNA maps {@code nvmlDevice_t} (an opaque pointer) to {@link Pointer}. */
  public interface Lib extends Library {
    int nvmlInit_v2();

    int nvmlShutdown();

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

    String nvmlErrorString(int result);
  }

  private final Lib lib;
  private final IntByReference count = new IntByReference();
  private final LongByReference energy = new LongByReference();
  private Pointer device;

  private NvmlJna(Lib lib) {
    this.lib = lib;
  }

  /** The library name: {@code nvml} on Windows ({@code nvml.dll}), else {@code nvidia-ml} ({@code libnvidia-ml.so.1}). */
  public static String libraryName() {
    return Platform.isWindows() ? "nvml" : "nvidia-ml";
  }

  /**
   * Loads {@code libnvidia-ml}. Throws {@link UnsatisfiedLinkError} when it is absent (no NVIDIA
   * driver), or {@link LinkageError} when JNA itself cannot load; the caller turns both into a reason.
   */
  public static NvmlJna load() {
    return new NvmlJna(Native.load(libraryName(), Lib.class));
  }

  @Override
  public int init() {
    return lib.nvmlInit_v2();
  }

  @Override
  public int deviceCount(int[] out) {
    int rc = lib.nvmlDeviceGetCount_v2(count);
    out[0] = count.getValue();
    return rc;
  }

  @Override
  public int selectDevice(int index) {
    PointerByReference ref = new PointerByReference();
    int rc = lib.nvmlDeviceGetHandleByIndex_v2(index, ref);
    if (rc == SUCCESS) {
      device = ref.getValue();
    }
    return rc;
  }

  @Override
  public int totalEnergy(long[] out) {
    int rc = lib.nvmlDeviceGetTotalEnergyConsumption(device, energy);
    out[0] = energy.getValue();
    return rc;
  }

  @Override
  public int shutdown() {
    return lib.nvmlShutdown();
  }

  @Override
  public String errorString(int code) {
    try {
      String s = lib.nvmlErrorString(code);
      return s == null ? NvmlBinding.super.errorString(code) : s + " (" + code + ")";
    } catch (RuntimeException | LinkageError e) {
      return NvmlBinding.super.errorString(code);
    }
  }
}
