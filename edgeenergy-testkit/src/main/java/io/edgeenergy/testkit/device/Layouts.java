package io.edgeenergy.testkit.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/** The layouts of {@link SimulatedDevice.Kind}; each copies the fixture archive it names. */
final class Layouts {
  private Layouts() {}

  /**
   * powercap RAPL as in {@code rapl-intel-client-psys-dell-xps-7390.txt}: package-0 with core and
   * uncore sub-zones, plus dram ({@code intel-rapl:0:2}, as on servers), energy_uj in µJ (mode 0400),
   * wrapping at {@code max_energy_range_uj}. Package = the trace; core 60 %, uncore 10 %, dram 15 %.
   */
  static final class Rapl extends Layout {
    private static final String BASE = "class/powercap/";
    private static final String[] DIRS = {"intel-rapl:0", "intel-rapl:0:0", "intel-rapl:0:1", "intel-rapl:0:2"};
    private static final String[] NAMES = {"package-0", "core", "uncore", "dram"};
    private static final double[] SHARE = {1.0, 0.6, 0.1, 0.15};
    private final long rangeUj;

    Rapl(long rangeUj) {
      super(BASE + "intel-rapl:0/energy_uj", BASE + "intel-rapl:0", true, 1000, "powercap RAPL package-0 + "
          + "core/uncore/dram (rapl-intel-client-psys-dell-xps-7390.txt), wraps at " + rangeUj + " µJ");
      this.rangeUj = rangeUj;
    }

    @Override
    void create(TreeFiles f) {
      f.put(BASE + "intel-rapl/enabled", 1);
      for (int z = 0; z < DIRS.length; z++) {
        f.put(BASE + DIRS[z] + "/name", NAMES[z]);
        f.put(BASE + DIRS[z] + "/max_energy_range_uj", rangeUj);
        f.put(BASE + DIRS[z] + "/enabled", 1);
      }
      write(f, 0, 0, true);
      for (String d : DIRS) {
        mode(f.path(BASE + d + "/energy_uj"), "r--------");
      }
    }

    @Override
    void write(TreeFiles f, double uw, double nj, boolean healthy) {
      for (int z = 0; z < DIRS.length; z++) {
        if (z == 0 && !healthy) {
          continue;
        }
        // start 1 J below the wrap so that every run wraps early
        long uj = (long) Math.floor(rangeUj - 1_000_000 + SHARE[z] * nj / 1000);
        f.putInPlace(BASE + DIRS[z] + "/energy_uj", Math.floorMod(uj, rangeUj));
      }
    }

    @Override
    void garbage(TreeFiles f) {
      f.putInPlace(valueFile(), -1);
    }





  }

  /**
   * amd_energy as in {@code hwmon-amd-energy-epyc-1socket-8core-from-driver.txt}: hwmon3, energy1..8
   * Ecore000..Ecore007 and energy9 Esocket0, µJ, mode 0440; the socket is the trace, each core 8 %.
   */
  static final class AmdEnergy extends Layout {
    private static final String CHIP = "class/hwmon/hwmon3/";
    private final double[] offsetUj = new double[10];

    AmdEnergy() {
      super(CHIP + "energy9_input", "class/hwmon/hwmon3", true, 1000,
          "amd_energy Esocket0 + 8 Ecore counters (hwmon-amd-energy-epyc-1socket-8core-from-driver.txt)");
      for (int k = 1; k <= 8; k++) {
        offsetUj[k] = 1_520_000_000L + (k - 1) * 7_310_000L;
      }
      offsetUj[9] = 12_160_000_000L;
    }

    @Override
    void create(TreeFiles f) {
      f.put(CHIP + "name", "amd_energy");
      for (int k = 1; k <= 9; k++) {
        f.put(CHIP + "energy" + k + "_label", k == 9 ? "Esocket0" : String.format(Locale.ROOT, "Ecore%03d", k - 1));
        mode(f.path(CHIP + "energy" + k + "_label"), "r--r-----");
      }
      write(f, 0, 0, true);
      for (int k = 1; k <= 9; k++) {
        mode(f.path(CHIP + "energy" + k + "_input"), "r--r-----");
      }
    }

    @Override
    void write(TreeFiles f, double uw, double nj, boolean healthy) {
      for (int k = 1; k <= 9; k++) {
        if (k == 9 && !healthy) {
          continue;
        }
        f.putInPlace(CHIP + "energy" + k + "_input", (long) Math.floor(offsetUj[k] + share(k) * nj / 1000));
      }
    }

    private static double share(int k) {
      return k == 9 ? 1.0 : 0.08;
    }

    @Override
    void reset(double nj) {
      for (int k = 1; k <= 9; k++) {
        offsetUj[k] = -share(k) * nj / 1000;
      }
    }

    @Override
    void garbage(TreeFiles f) {
      f.putInPlace(valueFile(), -5);
    }





  }

  /**
   * Jetson Orin Nano, JetPack 5 INA3221 hwmon as in {@code hwmon-jetson-orin-nano-jetpack5-ina3221.txt}:
   * inK_label, inK_input (mV), currK_input (mA); VDD_IN is the trace at 5040 mV, VDD_CPU_GPU_CV 50 %
   * and VDD_SOC 20 % of it; channel 7 "sum of shunt voltages".
   */
  static final class Jetpack5 extends Layout {
    private static final String CHIP = "class/hwmon/hwmon1/";
    private static final String[] LABELS = {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"};
    private static final long[] MV = {5040, 5032, 5040};
    private static final double[] SHARE = {1.0, 0.5, 0.2};

    Jetpack5() {
      super(CHIP + "curr1_input", "class/hwmon/hwmon1", false, 0.5 * 5040,
          "Jetson Orin Nano JetPack 5 INA3221 hwmon VDD_IN (hwmon-jetson-orin-nano-jetpack5-ina3221.txt)");
    }

    @Override
    void create(TreeFiles f) {
      f.put(CHIP + "name", "ina3221");
      for (int k = 1; k <= 3; k++) {
        f.put(CHIP + "in" + k + "_label", LABELS[k - 1]);
        f.put(CHIP + "in" + k + "_input", MV[k - 1]);
      }
      f.put(CHIP + "curr1_max", 5000);
      f.put(CHIP + "curr1_crit", 6000);
      f.put(CHIP + "in7_label", "sum of shunt voltages");
      f.put(CHIP + "in7_input", 1200);
      write(f, 0, 0, true);
    }

    @Override
    void write(TreeFiles f, double uw, double nj, boolean healthy) {
      for (int k = 1; k <= 3; k++) {
        if (k == 1 && !healthy) {
          continue;
        }
        f.put(CHIP + "curr" + k + "_input", Math.round(SHARE[k - 1] * uw / MV[k - 1]));   // µW / mV = mA
      }
    }





  }

  /**
   * Jetson Nano, JetPack 4 ina3221x IIO as in {@code iio-jetson-nano-jetpack4-ina3221x.txt}:
   * rail_name_K, in_voltageK_input (mV), in_currentK_input (mA), in_powerK_input (mW); POM_5V_IN is
   * the trace, POM_5V_GPU 30 %, POM_5V_CPU 40 %.
   */
  static final class Jetpack4 extends Layout {
    private static final String DEV = "bus/i2c/drivers/ina3221x/6-0040/iio:device0/";
    private static final String[] RAILS = {"POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"};
    private static final long[] MV = {5096, 5088, 5080};
    private static final double[] SHARE = {1.0, 0.3, 0.4};

    Jetpack4() {
      super(DEV + "in_power0_input", "bus/i2c/drivers/ina3221x/6-0040", false, 500,
          "Jetson Nano JetPack 4 ina3221x IIO POM_5V_IN (iio-jetson-nano-jetpack4-ina3221x.txt)");
    }

    @Override
    void create(TreeFiles f) {
      f.put(DEV + "name", "ina3221x");
      for (int k = 0; k < 3; k++) {
        f.put(DEV + "rail_name_" + k, RAILS[k]);
        f.put(DEV + "in_voltage" + k + "_input", MV[k]);
        f.put(DEV + "warn_current_limit_" + k, 3000);
        f.put(DEV + "crit_current_limit_" + k, 4000);
      }
      write(f, 0, 0, true);
    }

    @Override
    void write(TreeFiles f, double uw, double nj, boolean healthy) {
      for (int k = 0; k < 3; k++) {
        double p = SHARE[k] * uw;
        f.put(DEV + "in_current" + k + "_input", Math.round(p / MV[k]));
        if (k > 0 || healthy) {
          f.put(DEV + "in_power" + k + "_input", Math.round(p / 1000));
        }
      }
    }





  }

  /**
   * A ThinkPad's ACPI battery as in {@code power-supply-thinkpad-lnv45n1-discharging.txt}: BAT0
   * discharging, power_now (µW) = the trace, energy_now (µWh) falling by what was spent,
   * voltage_now (µV); the AC adapter offline.
   */
  static final class Battery extends Layout {
    private static final String BAT = "class/power_supply/BAT0/";
    private static final long ENERGY_NOW_UWH = 49_450_000;

    Battery() {
      super(BAT + "power_now", "class/power_supply/BAT0", false, 0.5,
          "ThinkPad BAT0 ACPI gauge power_now (power-supply-thinkpad-lnv45n1-discharging.txt)");
    }

    @Override
    void create(TreeFiles f) {
      f.put("class/power_supply/AC/online", 0);
      f.put("class/power_supply/AC/type", "Mains");
      f.put(BAT + "type", "Battery");
      f.put(BAT + "present", 1);
      f.put(BAT + "status", "Discharging");
      f.put(BAT + "technology", "Li-ion");
      f.put(BAT + "manufacturer", "LGC");
      f.put(BAT + "model_name", "LNV-45N1");
      f.put(BAT + "energy_full", 50_060_000);
      f.put(BAT + "energy_full_design", 47_520_000);
      f.put(BAT + "voltage_min_design", 10_800_000);
      f.put(BAT + "voltage_now", 12_229_000);
      f.put(BAT + "capacity", 98);
      write(f, 0, 0, true);
    }

    @Override
    void write(TreeFiles f, double uw, double nj, boolean healthy) {
      if (healthy) {
        f.put(BAT + "power_now", Math.round(uw));
      }
      f.put(BAT + "energy_now", ENERGY_NOW_UWH - Math.round(nj / 3.6e6));   // 1 µWh = 3.6 mJ
    }





  }

  static void mode(Path p, String rwx) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(rwx));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
