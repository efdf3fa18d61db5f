package io.edgeenergy.runtime.internal;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Probes for the sysfs roots that measured meters use: powercap (RAPL), hwmon (INA3221 and other
 * power sensors) and power_supply (battery fuel gauges). In this version they only report what the
 * device has; the meters that read them come in a later version, so every probe rejects, saying
 * what it found. The sysfs root is a parameter so tests point it at a fake tree.
 */
public final class SysfsProbes {
  private static final int MAX_LISTED = 8;

  private SysfsProbes() {}

  public static MeterProbe powercap(Path sysRoot) {
    return probe("powercap (RAPL)", () -> {
      Path dir = sysRoot.resolve("class/powercap");
      if (!Files.isDirectory(dir)) {
        return dir + " absent (no RAPL powercap driver: a VM, a non-x86 CPU or the driver not loaded)";
      }
      List<Path> zones = entries(dir, p -> p.getFileName().toString().matches("(intel|amd)-rapl.*"));
      if (zones.isEmpty()) {
        return dir + " present but holds no intel-rapl/amd-rapl zones";
      }
      return dir + " has " + describe(zones, zone -> {
        String name = firstLine(zone.resolve("name")).orElse("unnamed");
        Path energy = zone.resolve("energy_uj");
        SysfsRead counter = SysfsReader.system().number(energy);
        String access = switch (counter.outcome()) {
          case ABSENT -> "no energy_uj";
          case PRESENT -> "energy_uj readable";
          case DENIED -> "energy_uj not readable (root-only since the 2020 PLATYPUS fix)";
          default -> counter.problem();
        };
        return name + ", " + access;
      }) + "; a RAPL meter is not implemented in this version";
    });
  }

  public static MeterProbe hwmon(Path sysRoot) {
    return probe("hwmon (power sensors)", () -> {
      Path dir = sysRoot.resolve("class/hwmon");
      if (!Files.isDirectory(dir)) {
        return dir + " absent (no hardware monitoring drivers exposed)";
      }
      List<Path> chips = entries(dir, p -> p.getFileName().toString().startsWith("hwmon"));
      if (chips.isEmpty()) {
        return dir + " present but holds no hwmon* devices";
      }
      return dir + " has " + describe(chips, chip -> {
        String name = firstLine(chip.resolve("name")).orElse("unnamed");
        List<String> kinds = new ArrayList<>();
        if (!entries(chip, p -> p.getFileName().toString().matches("power[0-9]+_input")).isEmpty()) {
          kinds.add("power");
        }
        if (!entries(chip, p -> p.getFileName().toString().matches("energy[0-9]+_input")).isEmpty()) {
          kinds.add("energy");
        }
        if (!entries(chip, p -> p.getFileName().toString().matches("curr[0-9]+_input")).isEmpty()
            && !entries(chip, p -> p.getFileName().toString().matches("in[0-9]+_input")).isEmpty()) {
          kinds.add("current+voltage");
        }
        return name + ", " + (kinds.isEmpty() ? "no power/energy sensors" : String.join(" & ", kinds) + " sensors");
      }) + "; none of them is a whole-CPU energy counter (Esocket*) or a board input rail (VDD_IN / POM_5V_IN) "
          + "to meter with";
    });
  }

  public static MeterProbe powerSupply(Path sysRoot) {
    return probe("power_supply (battery fuel gauge)", () -> {
      Path dir = sysRoot.resolve("class/power_supply");
      if (!Files.isDirectory(dir)) {
        return dir + " absent (no power-supply class)";
      }
      List<Path> supplies = entries(dir, p -> true);
      if (supplies.isEmpty()) {
        return dir + " present but empty (no battery or mains supply exposed, typical of servers and VMs)";
      }
      return dir + " has " + describe(supplies, supply -> {
        String type = firstLine(supply.resolve("type")).orElse("unknown type");
        StringJoiner nodes = new StringJoiner(", ");
        for (String node : List.of("power_now", "energy_now", "current_now", "voltage_now", "charge_now")) {
          if (Files.exists(supply.resolve(node))) {
            nodes.add(node);
          }
        }
        return type + (nodes.length() == 0 ? ", no power/energy nodes" : ", " + nodes);
      }) + "; a fuel-gauge meter is not implemented in this version (gauges update every 1-60 s: "
          + "fit for budgets and lifetime projection, not for one inference)";
    });
  }

  /** A probe that always rejects, with the reason the finder computes; failures become reasons. */
  private static MeterProbe probe(String name, Supplier<String> finder) {
    return new MeterProbe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public EnergyQuality quality() {
        return EnergyQuality.MEASURED;
      }

      @Override
      public ProbeResult probe() {
        try {
          return ProbeResult.rejected(finder.get());
        } catch (RuntimeException e) {
          return ProbeResult.rejected("probe failed: " + e);
        }
      }
    };
  }

  private static String describe(List<Path> items, Function<Path, String> what) {
    StringJoiner out = new StringJoiner("; ");
    for (int i = 0; i < Math.min(items.size(), MAX_LISTED); i++) {
      Path p = items.get(i);
      out.add(p.getFileName() + " (" + what.apply(p) + ")");
    }
    if (items.size() > MAX_LISTED) {
      out.add("+" + (items.size() - MAX_LISTED) + " more");
    }
    return items.size() + (items.size() == 1 ? " entry: " : " entries: ") + out;
  }

  private static List<Path> entries(Path dir, Predicate<Path> keep) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        if (keep.test(p)) {
          out.add(p);
        }
      }
    } catch (IOException | SecurityException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  private static Optional<String> firstLine(Path file) {
    return SysfsReader.system().line(file).value();
  }
}
