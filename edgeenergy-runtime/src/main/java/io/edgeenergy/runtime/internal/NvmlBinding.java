package io.edgeenergy.runtime.internal;

/**
 * The five NVML calls {@code NvmlMeter} needs, returning NVML's {@code nvmlReturn_t} codes (0 =
 * success). The real one is {@link NvmlJna}; tests pass a fake. Not thread-safe by itself: the meter
 * calls it from one thread at a time.
 */
public interface NvmlBinding {
  int SUCCESS = 0;
  int ERROR_UNINITIALIZED = 1;
  int ERROR_INVALID_ARGUMENT = 2;
  int ERROR_NOT_SUPPORTED = 3;
  int ERROR_NO_PERMISSION = 4;
  int ERROR_DRIVER_NOT_LOADED = 9;
  int ERROR_GPU_IS_LOST = 15;

  /** {@code nvmlInit_v2()}. */
  int init();

  /** {@code nvmlDeviceGetCount_v2(&count)}; the count goes to {@code out[0]}. */
  int deviceCount(int[] out);

  /** {@code nvmlDeviceGetHandleByIndex_v2(index, &device)} then keeps the handle for {@link #totalEnergy}. */
  int selectDevice(int index);

  /**
   * {@code nvmlDeviceGetTotalEnergyConsumption(device, &energy)} for the selected device: millijoules
   * since the driver was loaded, an {@code unsigned long long} (read with {@link Long#compareUnsigned}),
   * into {@code out[0]}.
   */
  int totalEnergy(long[] out);

  /** {@code nvmlShutdown()}. */
  int shutdown();

  /** A short text for a return code: NVML's {@code nvmlErrorString} where available. */
  default String errorString(int code) {
    return switch (code) {
      case SUCCESS -> "success";
      case ERROR_UNINITIALIZED -> "NVML_ERROR_UNINITIALIZED";
      case ERROR_INVALID_ARGUMENT -> "NVML_ERROR_INVALID_ARGUMENT";
      case ERROR_NOT_SUPPORTED -> "NVML_ERROR_NOT_SUPPORTED";
      case ERROR_NO_PERMISSION -> "NVML_ERROR_NO_PERMISSION";
      case ERROR_DRIVER_NOT_LOADED -> "NVML_ERROR_DRIVER_NOT_LOADED";
      case ERROR_GPU_IS_LOST -> "NVML_ERROR_GPU_IS_LOST";
      default -> "NVML error " + code;
    };
  }
}
