package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.runtime.internal.NvmlBinding;
import io.edgeenergy.runtime.internal.NvmlJna;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NVIDIA GPU's energy counter, {@code nvmlDeviceGetTotalEnergyConsumption} (millijoules since the
 * driver loaded; Volta and newer), read through JNA from the driver's {@code libnvidia-ml}; domain
 * {@link EnergyDomain#GPU}, quality MEASURED. The counter counts from 0 when the meter opens.
 *
 * <p><b>Optional at runtime:</b> the library is loaded by {@link #probe()}, never in a static
 * initializer. Where it is absent (no NVIDIA driver, e.g. this SDK's build machine) or NVML refuses
 * (driver not loaded, no GPU, a GPU without the energy counter), {@code probe()} returns an
 * unavailable meter with the reason and throws nothing.
 *
 * <p><b>Resolution:</b> the driver refreshes the counter every 20-100 ms, so energies of shorter work
 * are coarse. {@link #readNanojoules()} returns the value of the last poll (no native call, no
 * allocation on the hot path); {@link #start()} polls every {@link #DEFAULT_PERIOD} on a daemon thread;
 * tests call {@link #sampleNow()}.
 */
public final class NvmlMeter extends SamplingMeter {
  /** Poll period, 20 ms: the driver refreshes its counter every 20-100 ms. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(20);

  private static final Logger LOG = LoggerFactory.getLogger(NvmlMeter.class);

  private final int index;
  private final NvmlBinding nvml;
  private final long[] scratch = new long[1];
  private long baselineMillijoules;
  private long lastMillijoules;
  private volatile long nanojoules;
  private boolean shutDown;

  private NvmlMeter(int index, NvmlBinding nvml, Ticker ticker, Availability availability) {
    super("nvml:gpu" + index, ticker, availability);
    this.index = index;
    this.nvml = nvml;
  }

  /** GPU 0 through the real {@code libnvidia-ml}, or an unavailable meter saying why. */
  public static NvmlMeter probe() {
    return probe(0, Ticker.system());
  }

  /** GPU {@code index} (NVML order) through the real {@code libnvidia-ml}. */
  public static NvmlMeter probe(int index, Ticker ticker) {
    return open(NvmlJna::load, index, ticker);
  }

  /** The probe over any binding loader; tests pass a fake or a loader that throws UnsatisfiedLinkError. */
  static NvmlMeter open(Supplier<? extends NvmlBinding> loader, int index, Ticker ticker) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(ticker, "ticker");
    NvmlBinding nvml;
    try {
      nvml = loader.get();
    } catch (UnsatisfiedLinkError e) {
      String detail = firstLine(e.getMessage());
      return new NvmlMeter(index, null, ticker, Availability.unavailable(detail.contains("jnidispatch")
          ? "JNA's native support could not load, so NVML cannot be called: " + detail
          : "lib" + NvmlJna.libraryName() + " not found (no NVIDIA driver installed): " + detail));
    } catch (LinkageError | RuntimeException e) {
      return new NvmlMeter(index, null, ticker, Availability.unavailable("NVML could not be loaded: " + e));
    }
    int rc = nvml.init();
    if (rc != NvmlBinding.SUCCESS) {
      return new NvmlMeter(index, null, ticker, Availability.unavailable("nvmlInit_v2 failed: " + nvml.errorString(rc)
          + (rc == NvmlBinding.ERROR_DRIVER_NOT_LOADED ? " (the NVIDIA kernel driver is not loaded)" : "")));
    }
    NvmlMeter meter = new NvmlMeter(index, nvml, ticker, Availability.AVAILABLE);
    int[] count = new int[1];
    rc = nvml.deviceCount(count);
    String why = null;
    if (rc != NvmlBinding.SUCCESS) {
      why = "nvmlDeviceGetCount_v2 failed: " + nvml.errorString(rc);
    } else if (index < 0 || index >= count[0]) {
      why = "no GPU " + index + ": NVML sees " + count[0] + " device(s)";
    } else if ((rc = nvml.selectDevice(index)) != NvmlBinding.SUCCESS) {
      why = "nvmlDeviceGetHandleByIndex_v2(" + index + ") failed: " + nvml.errorString(rc);
    } else if ((rc = nvml.totalEnergy(meter.scratch)) != NvmlBinding.SUCCESS) {
      why = "nvmlDeviceGetTotalEnergyConsumption failed: " + nvml.errorString(rc)
          + (rc == NvmlBinding.ERROR_NOT_SUPPORTED ? " (the energy counter needs a Volta or newer GPU)" : "");
    }
    if (why != null) {
      meter.markUnavailable(why);
      meter.close();
      return meter;
    }
    meter.baselineMillijoules = meter.scratch[0];
    meter.lastMillijoules = meter.scratch[0];
    return meter;
  }

  /** Starts the polling thread; returns this. Does nothing on an unavailable meter. */
  public synchronized NvmlMeter start() {
    if (!sampling() && counting()) {
      sampleNow();   // the first poll now, the rest every period
      startSampling("edgeenergy-nvml-" + index, DEFAULT_PERIOD.toNanos());
    }
    return this;
  }

  /** Reads the GPU counter once. On an error, or a counter that runs backwards, the meter turns unavailable. */
  @Override
  public synchronized void sampleNow() {
    if (!counting() || shutDown) {
      return;
    }
    int rc = nvml.totalEnergy(scratch);
    String why = null;
    if (rc != NvmlBinding.SUCCESS) {
      why = "nvmlDeviceGetTotalEnergyConsumption failed: " + nvml.errorString(rc);
    } else if (Long.compareUnsigned(scratch[0], lastMillijoules) < 0) {
      why = "GPU energy counter went backwards (" + Long.toUnsignedString(lastMillijoules) + " -> "
          + Long.toUnsignedString(scratch[0]) + " mJ): driver reloaded or GPU reset";
    } else {
      long delta = scratch[0] - baselineMillijoules;
      if (delta < 0 || delta > Long.MAX_VALUE / 1_000_000L) {
        why = "GPU energy since the meter opened exceeds the nanojoule counter's range";
      } else {
        lastMillijoules = scratch[0];
        nanojoules = delta * 1_000_000L;
        return;
      }
    }
    stopCounting(name() + ": " + why);
  }

  @Override
  public EnergyDomain domain() {
    return EnergyDomain.GPU;
  }

  @Override
  public String description() {
    if (nvml == null) {
      return "no NVML meter: " + availability().reason();
    }
    return "NVIDIA GPU " + index + " energy counter (nvmlDeviceGetTotalEnergyConsumption, 1 mJ steps, refreshed "
        + "by the driver every 20-100 ms), polled every " + DEFAULT_PERIOD.toMillis() + " ms";
  }

  @Override
  public long readNanojoules() {
    // No floor (SamplingMeter.raiseFloor) needed: one synchronized writer only ever raises this value
    // (a counter that went back stops the meter), and nothing is extrapolated between polls.
    return nanojoules;
  }

  @Override
  public synchronized void close() {
    stopSampling();
    if (nvml != null && !shutDown) {
      shutDown = true;
      try {
        nvml.shutdown();
      } catch (RuntimeException | LinkageError e) {
        LOG.debug("nvmlShutdown failed: {}", e.toString());
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
