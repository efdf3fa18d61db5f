package io.edgeenergy.runtime.internal.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.runtime.internal.sysfs.SysfsRead.Outcome;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsReaderTest {
  @TempDir Path sys;

  /** We run as root, where chmod cannot refuse a read: the seam refuses it as the kernel would for a user. */
  private SysfsReader denying(Path refused) {
    return SysfsReader.over(node -> {
      if (node.equals(refused)) {
        throw new AccessDeniedException(node.toString());
      }
      return Files.readString(node);
    });
  }

  @Test
  void aValueIsReadWithoutItsNewline() throws IOException {
    Path temp = write("class/thermal/thermal_zone0/temp", "49925\n");

    SysfsRead r = SysfsReader.system().number(temp);

    assertThat(r.outcome()).isEqualTo(Outcome.PRESENT);
    assertThat(r.number()).hasValue(49925);
    assertThat(r.numberOrThrow()).isEqualTo(49925);
    assertThat(SysfsReader.system().line(temp).value()).hasValue("49925");
    assertThat(r.problem()).isEmpty();
  }

  @Test
  void aMissingNodeIsAbsent() {
    Path missing = sys.resolve("class/powercap/intel-rapl:0/energy_uj");

    SysfsRead r = SysfsReader.system().number(missing);

    assertThat(r.outcome()).isEqualTo(Outcome.ABSENT);
    assertThat(r.problem()).isEqualTo(missing + " absent");
    assertThatThrownBy(r::orThrow).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void permissionDeniedIsNotAbsentAndNamesTheFileAndTheFix() throws IOException {
    Path energy = write("class/powercap/intel-rapl:0/energy_uj", "240422366267\n");

    SysfsRead r = denying(energy).number(energy);

    assertThat(r.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(r.value()).isEmpty();
    assertThat(r.problem()).startsWith("permission denied reading " + energy).contains("chmod o+r " + energy);
    assertThatThrownBy(r::orThrow).isInstanceOf(AccessDeniedException.class).hasMessageContaining("permission denied");
  }

  @Test
  void garbageIsNotAbsentAndQuotesWhatTheNodeHolds() throws IOException {
    Path temp = write("class/thermal/thermal_zone0/temp", "garbage\n");
    Path empty = write("class/hwmon/hwmon1/name", "\n");
    Path binary = sys.resolve("class/hwmon/hwmon1/label");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 'V'});

    assertThat(SysfsReader.system().line(temp).outcome()).as("text, as text").isEqualTo(Outcome.PRESENT);
    SysfsRead notANumber = SysfsReader.system().number(temp);
    assertThat(notANumber.outcome()).isEqualTo(Outcome.GARBAGE);
    assertThat(notANumber.problem()).isEqualTo(temp + " holds 'garbage', not a number");
    assertThat(notANumber.number()).isEmpty();
    assertThatThrownBy(notANumber::numberOrThrow).isInstanceOf(IOException.class)
        .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("'garbage'");
    assertThat(SysfsReader.system().line(empty).outcome()).isEqualTo(Outcome.GARBAGE);
    assertThat(SysfsReader.system().line(empty).problem()).isEqualTo(empty + " is empty, not a value");
    assertThat(SysfsReader.system().text(binary).outcome()).as("not UTF-8").isEqualTo(Outcome.GARBAGE);
  }

  @Test
  void contentAlreadyReadParsesAsTheReaderWould() throws IOException {
    Path curr = sys.resolve("class/hwmon/hwmon1/curr1_input");

    assertThat(SysfsRead.parseNumber(curr, " 432\n")).isEqualTo(432);
    assertThat(SysfsRead.parseNumber(curr, "-5\nsecond line")).isEqualTo(-5);
    assertThatThrownBy(() -> SysfsRead.parseNumber(curr, "\n")).isInstanceOf(IOException.class)
        .hasMessage(curr + " is empty, not a number");
    assertThatThrownBy(() -> SysfsRead.parseNumber(curr, "99999999999999999999")).isInstanceOf(IOException.class)
        .hasMessage(curr + " holds '99999999999999999999', not a number");
    assertThatThrownBy(() -> SysfsRead.parseNumber(curr, "x".repeat(100)))
        .hasMessage(curr + " holds '" + "x".repeat(40) + "…', not a number");
  }

  @Test
  void aFailingReadIsNeitherAbsentNorDenied() throws IOException {
    Path dir = Files.createDirectories(sys.resolve("class/thermal/thermal_zone2/temp"));
    Path offline = write("class/thermal/thermal_zone3/temp", "50000\n");
    SysfsReader eio = SysfsReader.over(node -> {
      throw new IOException(node + ": Input/output error");
    });

    assertThat(SysfsReader.system().line(dir).outcome()).isEqualTo(Outcome.FAILED);
    SysfsRead r = eio.number(offline);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.problem()).isEqualTo("cannot read " + offline + ": " + offline + ": Input/output error");
  }

  @Test
  void listsMatchingEntriesWithNumbersInOrder() throws IOException {
    for (String cpu : new String[] {"cpu10", "cpu2", "cpu1", "cpufreq"}) {
      Files.createDirectories(sys.resolve("devices/system/cpu").resolve(cpu));
    }

    assertThat(SysfsReader.list(sys.resolve("devices/system/cpu"), "cpu\\d+"))
        .extracting(p -> p.getFileName().toString()).containsExactly("cpu1", "cpu2", "cpu10");
    assertThat(SysfsReader.list(sys.resolve("nowhere"), ".*")).isEmpty();
  }

  private Path write(String node, String content) throws IOException {
    Path p = sys.resolve(node);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }
}
