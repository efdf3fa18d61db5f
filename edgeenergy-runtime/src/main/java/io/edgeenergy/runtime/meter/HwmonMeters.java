package io.edgeenergy.runtime.meter;

import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Discovers hwmon power sensors under {@code <sysfsRoot>/class/hwmon/hwmon*}: {@code powerN_input}
 * (µW), or {@code currN_input} (mA) × {@code inN_input} (mV) = µW when a channel has no power node.
 * Each becomes a {@link PowerSource} for {@link SampledPowerMeter}. Labels ({@code *_label}) name the
 * sources; channels labelled "NC" or "sum of shunts" are skipped. Discovery never throws: every
 * rejected chip or channel is listed in {@link Discovery#reasons()}.
 */
public final class HwmonMeters {
  private HwmonMeters() {}

  /** One discovered power channel. */
  public record Channel(String chip, String label, PowerSource source) {}

  /** The channels found and why anything else was skipped. */
  public record Discovery(List<Channel> channels, List<String> reasons) {
    public Discovery {
      channels = List.copyOf(channels);
      reasons = List.copyOf(reasons);
    }

    /**
     * The Jetson board input rail (VDD_IN, else POM_5V_IN / VDD_5V_IN), never a sum of the input
     * rail and its sub-rails.
     */
    public Optional<Channel> boardInput() {
      return byLabel("VDD_IN").or(() -> byLabel("POM_5V_IN")).or(() -> byLabel("VDD_5V_IN"));
    }

    /** The channel with this label (case-insensitive), if any. */
    public Optional<Channel> byLabel(String label) {
      return channels.stream().filter(c -> c.label().equalsIgnoreCase(label)).findFirst();
    }
  }

  /**
   * One hwmon energy counter ({@code energyK_input}, µJ), labelled by its {@code energyK_label} or, without
   * one, {@code energyK}; {@link #wholeCpu()} for a socket/package counter.
   */
  public record EnergyCounter(String chip, String label, Path file, io.edgeenergy.energy.EnergyDomain domain) {
    /** A socket/package counter: the whole CPU, like RAPL package (core counters leave out the uncore). */
    public boolean wholeCpu() {
      return domain == io.edgeenergy.energy.EnergyDomain.PACKAGE;
    }
  }

  /**
   * The {@code energyK_input} counters under {@code <sysfsRoot>/class/hwmon/hwmon*}, in chip then channel
   * order; existence only (permission and content are checked when a meter opens one).
   */
  public static List<EnergyCounter> energyCounters(Path sysfsRoot) {
    List<EnergyCounter> out = new ArrayList<>();
    for (Path chip : chips(sysfsRoot.resolve("class/hwmon"))) {
      String name = readString(chip.resolve("name")).orElse(chip.getFileName().toString());
      TreeSet<Integer> channels = new TreeSet<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(chip, "energy*_input")) {
        for (Path p : ds) {
          String n = p.getFileName().toString().replaceAll("^energy|_input$", "");
          if (n.matches("[0-9]{1,4}")) {
            channels.add(Integer.parseInt(n));
          }
        }
      } catch (IOException e) {
        continue;
      }
      for (int k : channels) {
        String label = readString(chip.resolve("energy" + k + "_label")).orElse("energy" + k);
        out.add(new EnergyCounter(name, label, chip.resolve("energy" + k + "_input"),
            HwmonEnergyMeter.domainOf(name, label)));
      }
    }
    return out;
  }

  private static TreeSet<Path> chips(Path hwmon) {
    TreeSet<Path> chips = new TreeSet<>();
    if (Files.isDirectory(hwmon)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(hwmon, "hwmon*")) {
        ds.forEach(chips::add);
      } catch (IOException e) {
        // an unlistable hwmon class has no counters to offer
      }
    }
    return chips;
  }

  /** Scans {@code <sysfsRoot>/class/hwmon}; {@code sysfsRoot} stands for {@code /sys}. */
  public static Discovery discover(Path sysfsRoot) {
    List<Channel> channels = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Path hwmon = sysfsRoot.resolve("class/hwmon");
    if (!Files.isDirectory(hwmon)) {
      reasons.add(hwmon + " does not exist");
      return new Discovery(channels, reasons);
    }
    TreeSet<Path> chips = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(hwmon, "hwmon*")) {
      ds.forEach(chips::add);
    } catch (IOException e) {
      reasons.add(hwmon + ": " + e.getMessage());
    }
    for (Path chip : chips) {
      String name = readString(chip.resolve("name")).orElse(chip.getFileName().toString());
      int before = channels.size();
      for (int i = 0; i <= 16; i++) {
        final int n = i;
        String ownLabel = readString(chip.resolve("power" + n + "_label"))
            .or(() -> readString(chip.resolve("curr" + n + "_label")))
            .or(() -> readString(chip.resolve("in" + n + "_label")))
            .orElse(null);
        Path power = chip.resolve("power" + n + "_input");
        Path curr = chip.resolve("curr" + n + "_input");
        Path volt = chip.resolve("in" + n + "_input");
        boolean hasPower = Files.exists(power);
        boolean hasCurrVolt = Files.exists(curr) && Files.exists(volt);
        if (!hasPower && !hasCurrVolt) {
          continue;
        }
        String shown = ownLabel == null ? name + ":" + n : ownLabel;
        String lower = shown.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("nc") || lower.contains("sum of shunt")) {
          reasons.add(chip + " channel " + n + " skipped: label '" + shown + "'");
          continue;
        }
        PowerSource src = hasPower
            ? new FileSource(power, null, 1, power + " (" + name + " " + shown + ", µW)")
            : new FileSource(curr, volt, 1, curr + " × " + volt + " (" + name + " " + shown + ", mA × mV)");
        try {
          src.readMicrowatts();
        } catch (IOException | RuntimeException e) {
          reasons.add(src.describe() + " unreadable: " + e.getMessage());
          continue;
        }
        channels.add(new Channel(name, shown, src));
      }
      if (channels.size() == before) {
        reasons.add(chip + " (" + name + "): no readable power or current×voltage channel");
      }
    }
    return new Discovery(channels, reasons);
  }

  /**
   * Jetson JetPack ≤4 INA3221 IIO layout: {@code <sysfsRoot>/bus/i2c/drivers/ina3221x/*}{@code
   * /iio:device*}{@code /rail_name_K} and {@code in_power{K}_input} in mW.
   */
  public static Discovery discoverIna3221x(Path sysfsRoot) {
    List<Channel> channels = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Path drv = sysfsRoot.resolve("bus/i2c/drivers/ina3221x");
    if (!Files.isDirectory(drv)) {
      reasons.add(drv + " does not exist");
      return new Discovery(channels, reasons);
    }
    TreeSet<Path> devices = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(drv)) {
      for (Path d : ds) {
        if (Files.isDirectory(d)) {
          try (DirectoryStream<Path> iio = Files.newDirectoryStream(d, "iio:device*")) {
            iio.forEach(devices::add);
          }
        }
      }
    } catch (IOException e) {
      reasons.add(drv + ": " + e.getMessage());
    }
    for (Path dev : devices) {
      for (int k = 0; k <= 7; k++) {
        Optional<String> rail = readString(dev.resolve("rail_name_" + k));
        Path power = dev.resolve("in_power" + k + "_input");
        if (rail.isEmpty() || !Files.exists(power)) {
          continue;
        }
        if (rail.get().equalsIgnoreCase("NC")) {
          reasons.add(dev + " channel " + k + " skipped: label 'NC'");
          continue;
        }
        PowerSource src = new FileSource(power, null, 1000, power + " (ina3221x " + rail.get() + ", mW)");
        try {
          src.readMicrowatts();
        } catch (IOException | RuntimeException e) {
          reasons.add(src.describe() + " unreadable: " + e.getMessage());
          continue;
        }
        channels.add(new Channel("ina3221x", rail.get(), src));
      }
    }
    return new Discovery(channels, reasons);
  }

  /** A chip's or rail's name: absent, denied or garbage leave the channel unnamed (discovery says so). */
  private static Optional<String> readString(Path p) {
    return SysfsReader.system().line(p).value();
  }

  /** A sensor value; absent, denied (naming the fix), garbage and failed reads are distinct exceptions. */
  static long readLong(Path p) throws IOException {
    return SysfsReader.system().number(p).numberOrThrow();
  }

  /**
   * power file in µW, or current (mA) × voltage (mV) = µW. A negative value (reverse current) or a
   * product beyond a long is an error naming the file, never a wrapped or sign-flipped power (a fuzzed
   * -432 mA × -5040 mV used to read as +2.2 W; found by RuntimeParsersFuzzTest#hwmonPowerChannel).
   */
  record FileSource(Path first, Path second, long scale, String describe) implements PowerSource {
    @Override
    public long readMicrowatts() throws IOException {
      // AccessDeniedException (the sampler reports the fix), NoSuchFileException (a vanished sensor) or
      // an IOException naming the file, never a guessed value
      return microwatts(SysfsReader.system().text(first).orThrow(),
          second == null ? null : SysfsReader.system().text(second).orThrow());
    }

    /** µW from the files' contents: the power file's value × scale, or current × voltage. */
    long microwatts(String firstContent, String secondContent) throws IOException {
      long v = nonNegative(first, firstContent);
      try {
        return Math.multiplyExact(v, second == null ? scale : nonNegative(second, secondContent));
      } catch (ArithmeticException e) {
        throw new IOException(describe + ": value too large for a power reading", e);
      }
    }

    private static long nonNegative(Path p, String content) throws IOException {
      long v = SysfsRead.parseNumber(p, content);
      if (v < 0) {
        throw new IOException(p + " = " + v + ", negative (reverse current?): not a power draw");
      }
      return v;
    }
  }
}
