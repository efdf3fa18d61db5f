package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SimulatedMeter;
import io.edgeenergy.testkit.SysfsTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** procfs lines copied in the real format (proc(5)); a command name with spaces and parentheses. */
class ProcessShareMeterTest {
  private static String selfStat(long utime, long stime) {
    return "4242 (java (edge) x) S 1 4242 4242 0 -1 4194560 51422 0 12 0 " + utime + " " + stime
        + " 0 0 20 0 31 0 1234567 5368709120 61234 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0";
  }

  private static String stat(long user, long system, long idle) {
    return "cpu  " + user + " 0 " + system + " " + idle + " 100 0 5 0 0 0\n"
        + "cpu0 " + user / 2 + " 0 " + system / 2 + " " + idle / 2 + " 50 0 2 0 0 0\n"
        + "intr 123456\nctxt 98765\nbtime 1700000000\n";
  }

  @Test
  void chargesTheProcessItsShareOfBusyCpu(@TempDir Path proc) {
    SysfsTree tree = SysfsTree.at(proc).writeRaw("self/stat", selfStat(100, 20)).writeRaw("stat", stat(1000, 200, 5000));
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter device = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ProcessShareMeter meter = ProcessShareMeter.of(device, proc);

    // the system spent 400 busy ticks, this process 100 of them: a quarter of 8 J
    device.addWork(Energy.ofJoules(8));
    tree.writeRaw("self/stat", selfStat(180, 40)).writeRaw("stat", stat(1300, 300, 6000));
    assertThat(meter.readNanojoules()).isEqualTo(2_000_000_000L);
    assertThat(meter.quality()).isEqualTo(EnergyQuality.ESTIMATED);
    assertThat(meter.description()).contains("share of busy CPU time");
  }

  @Test
  void unreadableProcfsMakesItUnavailableWithTheReason(@TempDir Path proc) {
    SysfsTree tree = SysfsTree.at(proc).writeRaw("self/stat", selfStat(1, 1)).writeRaw("stat", stat(10, 10, 10));
    ProcessShareMeter meter = ProcessShareMeter.of(SimulatedMeter.workOnly(FakeTicker.create()), proc);
    tree.writeRaw("stat", "garbage\n");
    meter.readNanojoules();
    assertThat(meter.availability().available()).isFalse();
    assertThat(meter.availability().reason()).contains("no aggregate 'cpu' line");
    assertThat(ProcessShareMeter.of(SimulatedMeter.workOnly(FakeTicker.create()), proc.resolve("missing"))
        .availability().reason()).contains("missing");
  }

  @Test
  void readsTheRealProcfs() {
    ProcessShareMeter meter = ProcessShareMeter.of(SimulatedMeter.workOnly(FakeTicker.create()));
    assertThat(meter.readNanojoules()).isZero();
    assertThat(meter.availability().available()).isTrue();
  }
}
