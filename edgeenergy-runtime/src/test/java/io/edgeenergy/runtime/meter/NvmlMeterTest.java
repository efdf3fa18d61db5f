package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.runtime.internal.NvmlBinding;
import io.edgeenergy.runtime.internal.NvmlProbe;
import io.edgeenergy.testkit.FakeTicker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NvmlMeterTest {
  private final FakeTicker ticker = FakeTicker.create();

  /** A scripted NVML: one GPU whose counter the test sets; records the calls. */
  static final class FakeNvml implements NvmlBinding {
    int initCode = SUCCESS;
    int devices = 1;
    int energyCode = SUCCESS;
    long millijoules;
    final List<String> calls = new ArrayList<>();

    @Override
    public int init() {
      calls.add("init");
      return initCode;
    }

    @Override
    public int deviceCount(int[] out) {
      calls.add("count");
      out[0] = devices;
      return SUCCESS;
    }

    @Override
    public int selectDevice(int index) {
      calls.add("handle " + index);
      return SUCCESS;
    }

    @Override
    public int totalEnergy(long[] out) {
      out[0] = millijoules;
      return energyCode;
    }

    @Override
    public int shutdown() {
      calls.add("shutdown");
      return SUCCESS;
    }
  }

  private static boolean nvidiaLibraryPresent() {
    return Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/lib/aarch64-linux-gnu",
            "/usr/local/cuda/lib64", "/usr/lib/wsl/lib")
        .map(Path::of)
        .anyMatch(d -> Files.exists(d.resolve("libnvidia-ml.so.1")) || Files.exists(d.resolve("libnvidia-ml.so")));
  }

  @Test
  void absentLibraryIsNotOfferedAndThrowsNothing() {
    if (nvidiaLibraryPresent()) {
      return;   // a machine with an NVIDIA driver: the absent path is covered by the injected loader below
    }
    NvmlMeter m = NvmlMeter.probe();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("libnvidia-ml not found");
    assertThat(m.readNanojoules()).isZero();
    assertThat(m.description()).startsWith("no NVML meter");
    m.sampleNow();
    m.start();
    m.close();
    assertThat(m.readNanojoules()).isZero();
    assertThat(new NvmlProbe(ticker).probe().isAccepted()).isFalse();
  }

  @Test
  void unsatisfiedLinkErrorBecomesAReason() {
    NvmlMeter m = NvmlMeter.open(() -> {
      throw new UnsatisfiedLinkError("Unable to load library 'nvidia-ml'");
    }, 0, ticker);
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("not found").contains("Unable to load library");
  }

  @Test
  void countsMillijoulesFromOpen() {
    FakeNvml nvml = new FakeNvml();
    nvml.millijoules = 123_456_789L;   // energy since the driver loaded: not ours
    NvmlMeter m = NvmlMeter.open(() -> nvml, 0, ticker);
    assertThat(m.availability().available()).isTrue();
    assertThat(m.name()).isEqualTo("nvml:gpu0");
    assertThat(m.domain()).isEqualTo(EnergyDomain.GPU);
    assertThat(m.quality()).isEqualTo(EnergyQuality.MEASURED);
    assertThat(m.readNanojoules()).isZero();
    nvml.millijoules += 2_500;   // 2.5 J
    m.sampleNow();
    assertThat(m.readNanojoules()).isEqualTo(2_500_000_000L);
    assertThat(m.description()).contains("20-100 ms");
    m.close();
    m.close();
    assertThat(nvml.calls).containsExactly("init", "count", "handle 0", "shutdown");
  }

  @Test
  void unsignedCounterAboveLongMaxStillCounts() {
    FakeNvml nvml = new FakeNvml();
    nvml.millijoules = -10L;   // 2^64 - 10 as unsigned
    NvmlMeter m = NvmlMeter.open(() -> nvml, 0, ticker);
    nvml.millijoules = 5L;     // wrapped past 2^64: unsigned compare says it went backwards
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("backwards");
  }

  @Test
  void counterGoingBackwardsStopsTheMeter() {
    FakeNvml nvml = new FakeNvml();
    nvml.millijoules = 10_000;
    NvmlMeter m = NvmlMeter.open(() -> nvml, 0, ticker);
    nvml.millijoules = 11_000;
    m.sampleNow();
    nvml.millijoules = 50;
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("backwards");
    assertThat(m.readNanojoules()).isEqualTo(1_000_000_000L);
  }

  @Test
  void gpuLostMidRunStopsTheMeter() {
    FakeNvml nvml = new FakeNvml();
    NvmlMeter m = NvmlMeter.open(() -> nvml, 0, ticker);
    nvml.millijoules = 7;
    m.sampleNow();
    nvml.energyCode = NvmlBinding.ERROR_GPU_IS_LOST;
    m.sampleNow();
    assertThat(m.availability().available()).isFalse();
    assertThat(m.availability().reason()).contains("GPU_IS_LOST");
    assertThat(m.readNanojoules()).isEqualTo(7_000_000L);
  }

  @Test
  void refusalsBecomeReasons() {
    FakeNvml noDriver = new FakeNvml();
    noDriver.initCode = NvmlBinding.ERROR_DRIVER_NOT_LOADED;
    assertThat(NvmlMeter.open(() -> noDriver, 0, ticker).availability().reason()).contains("driver is not loaded");

    FakeNvml old = new FakeNvml();
    old.energyCode = NvmlBinding.ERROR_NOT_SUPPORTED;
    NvmlMeter pascal = NvmlMeter.open(() -> old, 0, ticker);
    assertThat(pascal.availability().reason()).contains("Volta");
    assertThat(old.calls).endsWith("shutdown");

    FakeNvml one = new FakeNvml();
    assertThat(NvmlMeter.open(() -> one, 3, ticker).availability().reason()).contains("no GPU 3");
  }
}
