package io.edgeenergy.runtime.internal;

import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the built-in power profile that matches this device, from the device tree
 * ({@code <sysfsRoot>/firmware/devicetree/base/model} and {@code compatible}, which
 * {@code /proc/device-tree} links to) and, on x86-64, whether a battery is present.
 */
public final class DeviceProfiles {
  private DeviceProfiles() {}

  /**
   * The profile to use and why.
   *
   * @param generic {@code true} when no built-in profile describes this device and a generic default
   *     is used; callers must say so plainly (and warn), since its figures may be far off
   */
  public record Choice(String profileName, String reason, boolean generic) {}

  public static Choice choose(Path sysfsRoot, String osArch) {
    Path dt = sysfsRoot.resolve("firmware/devicetree/base");
    Optional<String> model = read(dt.resolve("model"));
    String compatible = read(dt.resolve("compatible")).orElse("");
    String m = model.orElse("");
    if (m.startsWith("Raspberry Pi 5") || compatible.contains("raspberrypi,5-model-b")) {
      return new Choice(PowerProfile.RASPBERRY_PI_5, "device-tree model '" + m + "'", false);
    }
    if (m.startsWith("Raspberry Pi 4") || compatible.contains("raspberrypi,4-model-b")) {
      return new Choice(PowerProfile.RASPBERRY_PI_4, "device-tree model '" + m + "'", false);
    }
    // p3767-0003/-0004 are the Orin Nano 8 GB / 4 GB modules, -0005 the developer kit's; -0000/-0001 are Orin NX
    if (m.contains("Orin Nano") || compatible.matches("(?s).*nvidia,p3767-000[345].*")) {
      return new Choice(PowerProfile.JETSON_ORIN_NANO, "device-tree " + (m.isEmpty() ? "compatible" : "model '" + m + "'"),
          false);
    }
    // p3767-0000/-0001 are the Orin NX 16 GB / 8 GB modules
    if (m.contains("Orin NX") || compatible.matches("(?s).*nvidia,p3767-000[01].*")) {
      return new Choice(PowerProfile.JETSON_ORIN_NX, "device-tree " + (m.isEmpty() ? "compatible" : "model '" + m + "'"),
          false);
    }
    String what = model.map(s -> "device-tree model '" + s + "'").orElse("no device-tree model");
    if (isArm64(osArch)) {
      return new Choice(PowerProfile.GENERIC_ARM64, "no built-in profile for this device (" + what + ", os.arch "
          + osArch + "): GENERIC arm64 big.LITTLE default (Cortex-A55 + A76 class), not this device's figures", true);
    }
    if (isX86_64(osArch)) {
      if (hasBattery(sysfsRoot)) {
        return new Choice(PowerProfile.GENERIC_X86_LAPTOP, "x86-64 (os.arch " + osArch + ") with a battery in "
            + "class/power_supply: GENERIC laptop default, not this machine's figures", true);
      }
      return new Choice(PowerProfile.GENERIC_X86_64, "x86-64 (os.arch " + osArch + ") without a battery: GENERIC "
          + "default for x86-64, not this machine's figures", true);
    }
    return new Choice(PowerProfile.GENERIC_X86_64, "no built-in profile for this device (" + what + ", os.arch "
        + osArch + "): GENERIC x86-64 default, a POOR FIT: its figures are likely several times too high for "
        + "non-x86 cores; pass your own with EnergyMeters.estimator(PowerProfile)", true);
  }

  /** Whether {@code osArch} names 64-bit (or 32-bit) ARM. */
  static boolean isArm64(String osArch) {
    String arch = osArch.toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") || arch.equals("arm64") || arch.startsWith("arm");
  }

  private static boolean hasBattery(Path sysfsRoot) {
    Path ps = sysfsRoot.resolve("class/power_supply");
    if (!Files.isDirectory(ps)) {
      return false;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(ps)) {
      for (Path supply : ds) {
        if (read(supply.resolve("type")).orElse("").equals("Battery")) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /**
   * Device-tree strings end in NUL (compatible is a NUL-separated list): NULs become spaces. Any outcome
   * but present (absent, denied, garbage) means "not this board": the generic profile is then chosen and
   * the explanation says it is a GENERIC DEFAULT.
   */
  private static Optional<String> read(Path p) {
    return SysfsReader.system().text(p).value().map(s -> s.replace('\0', ' ').strip()).filter(s -> !s.isEmpty());
  }

  /** Whether {@code osArch} (the {@code os.arch} property) names x86-64. */
  public static boolean isX86_64(String osArch) {
    String arch = osArch.toLowerCase(Locale.ROOT);
    return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64");
  }
}
