package io.edgeenergy.runtime.internal;

import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import io.edgeenergy.runtime.meter.BatteryReadings;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link BatteryReadings} from one {@code /sys/class/power_supply/<name>} directory (kernel ABI
 * {@code Documentation/ABI/testing/sysfs-class-power}; units µA, µV, µW, µWh, µAh). A node that does
 * not exist is "not provided"; a node that exists but is empty or not an integer is an error, as is
 * the whole directory vanishing (battery removed, driver unbound) or {@code present} reading 0.
 */
public final class BatterySysfsReadings implements BatteryReadings {
  private final Path dir;

  public BatterySysfsReadings(Path dir) {
    this.dir = dir;
  }

  /**
   * The system batteries under {@code sysRoot/class/power_supply} (sysRoot stands for {@code /sys}):
   * {@code type} is {@code Battery} and {@code scope} is not {@code Device} (a mouse or a stylus
   * battery powers that peripheral, not us), sorted by name.
   */
  public static List<Path> systemBatteries(Path sysRoot) {
    Path classDir = sysRoot.resolve("class/power_supply");
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(classDir)) {
      return out;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(classDir)) {
      for (Path p : stream) {
        if (firstLine(p.resolve("type")).filter("Battery"::equals).isPresent()
            && firstLine(p.resolve("scope")).filter("Device"::equals).isEmpty()) {
          out.add(p);
        }
      }
    } catch (IOException | SecurityException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /** Whether any {@code type=Mains|USB} supply in the class directory reports {@code online=1}. */
  public static boolean externalPowerOnline(Path sysRoot) {
    Path classDir = sysRoot.resolve("class/power_supply");
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(classDir)) {
      for (Path p : stream) {
        String type = firstLine(p.resolve("type")).orElse("");
        if (!type.equals("Battery") && firstLine(p.resolve("online")).filter("1"::equals).isPresent()) {
          return true;
        }
      }
    } catch (IOException | SecurityException e) {
      return false;
    }
    return false;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public Status status() throws IOException {
    checkPresent();
    Optional<String> s = text("status");
    return s.map(Status::fromSysfs).orElse(Status.UNKNOWN);
  }

  @Override
  public OptionalLong currentMicroamps() throws IOException {
    return number("current_now");
  }

  @Override
  public OptionalLong voltageMicrovolts() throws IOException {
    return number("voltage_now");
  }

  @Override
  public OptionalLong powerMicrowatts() throws IOException {
    return number("power_now");
  }

  @Override
  public OptionalLong energyNanowattHours() throws IOException {
    OptionalLong uwh = number("energy_now");
    return uwh.isPresent() ? OptionalLong.of(Math.multiplyExact(uwh.getAsLong(), 1000L)) : uwh;
  }

  @Override
  public OptionalLong chargeMicroampHours() throws IOException {
    return number("charge_now");
  }

  @Override
  public String describe() {
    return dir.toString();
  }

  private void checkPresent() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "battery directory gone (battery removed or driver unbound)");
    }
    Optional<String> present = text("present");
    if (present.isPresent() && present.get().equals("0")) {
      throw new IOException(dir.resolve("present") + " reads 0: no battery in the slot");
    }
  }

  /** The integer in a node: empty when the gauge lacks the node, an error naming it when empty or not a number. */
  private OptionalLong number(String node) throws IOException {
    Optional<String> line = text(node);
    return line.isEmpty() ? OptionalLong.empty() : OptionalLong.of(SysfsRead.parseNumber(dir.resolve(node), line.get()));
  }

  /**
   * The stripped first line; empty if the node does not exist (the gauge lacks it: another node is
   * used); "" if it exists but is empty (then {@link SysfsRead#parseNumber} names it). Permission denied, text that
   * is not UTF-8 and failed reads ({@code EIO} from a gauge driver) are exceptions naming the node, so the
   * meter stops with that reason (and the fix, for denied) instead of taking the node for absent.
   */
  private Optional<String> text(String node) throws IOException {
    Path p = dir.resolve(node);
    SysfsRead r = SysfsReader.system().text(p);
    if (r.outcome() == SysfsRead.Outcome.ABSENT) {
      if (!Files.isDirectory(dir)) {
        throw new NoSuchFileException(dir.toString(), null, "battery directory gone (battery removed or driver unbound)");
      }
      return Optional.empty();
    }
    return Optional.of(SysfsReader.firstLine(r.orThrow()));
  }

  /** A supply's descriptive node ({@code type}, {@code scope}, {@code online}): any outcome but present is "not this one". */
  private static Optional<String> firstLine(Path file) {
    return SysfsReader.system().line(file).value();
  }
}
