package io.edgeenergy.testkit.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * A Raspberry Pi 5 PMIC behind a scripted {@code vcgencmd}: the script answers {@code pmic_read_adc}
 * with the text the device last wrote, in the format of the testkit's
 * {@code vcgencmd/rpi5-pmic_read_adc.txt} capture (right-aligned names, the capture's channel numbers
 * and rail voltages, 8 decimals). Every rail's current is the capture's scaled so that the rails sum to
 * the trace's power; EXT5V_V and BATT_V stay voltage-only. EACCES is what vcgencmd prints without
 * access to /dev/vcio; a dropout empties the output; garbage replaces it; a vanish removes the command.
 */
final class Pi5Pmic extends Layout {
  // rail, current channel, capture amps, voltage channel, capture volts
  private static final Object[][] RAILS = {
      {"3V7_WL_SW", 0, 0.09368929, 8, 3.69977600}, {"3V3_SYS", 1, 0.08783370, 9, 3.31003300},
      {"1V8_SYS", 2, 0.18054710, 10, 1.80512600}, {"DDR_VDD2", 3, 0.22543980, 11, 1.10476100},
      {"DDR_VDDQ", 4, 0.06666720, 12, 0.60146460}, {"1V1_SYS", 5, 0.17566740, 13, 1.11025500},
      {"0V8_SW", 6, 0.37670900, 14, 0.80146440}, {"VDD_CORE", 7, 6.22421000, 15, 0.86173300},
      {"3V3_DAC", 17, 0.00006105, 20, 3.31318300}, {"3V3_ADC", 18, 0.00036630, 21, 3.30677300},
      {"0V8_AON", 16, 0.00305250, 19, 0.80029220}, {"HDMI", 22, 0.02417580, 23, 5.08664000}};
  private static final double CAPTURE_WATTS;

  static {
    double w = 0;
    for (Object[] r : RAILS) {
      w += (double) r[2] * (double) r[4];
    }
    CAPTURE_WATTS = w;
  }

  private static final String OUTPUT = ".pmic/pmic_read_adc.txt";

  private final StringBuilder out = new StringBuilder(1400);

  Pi5Pmic() {
    // the parser rounds each current to µA: 12 rails at up to 5.1 V
    super(OUTPUT, "bin/vcgencmd", false, 12 * 0.5 * 5.1,
        "Raspberry Pi 5 PMIC via a scripted vcgencmd pmic_read_adc (vcgencmd/rpi5-pmic_read_adc.txt)");
  }

  @Override
  void create(TreeFiles f) {
    Path script = f.path("bin/vcgencmd");
    String outFile = f.path(valueFile()).toString();
    String denied = f.path(".pmic/denied").toString();
    try {
      Files.createDirectories(script.getParent());
      Files.writeString(script, "#!/bin/sh\n"
          + "# scripted vcgencmd of a simulated Raspberry Pi 5 (edgeenergy testkit)\n"
          + "[ \"$1\" = pmic_read_adc ] || { echo \"error=1 error_msg=\\\"Command not registered\\\"\"; exit 2; }\n"
          + "[ -e '" + denied + "' ] && { echo \"Can't open device file: /dev/vcio\"; exit 255; }\n"
          + "exec cat '" + outFile + "'\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(f, 0, 0, true);
  }

  @Override
  void write(TreeFiles f, double uw, double nj, boolean healthy) {
    if (!healthy) {
      return;
    }
    double scale = uw / 1e6 / CAPTURE_WATTS;
    out.setLength(0);
    for (Object[] r : RAILS) {
      out.append(String.format(Locale.ROOT, "%12s current(%d)=%.8fA%n", r[0] + "_A", r[1], (double) r[2] * scale));
    }
    for (Object[] r : RAILS) {
      out.append(String.format(Locale.ROOT, "%12s volt(%d)=%.8fV%n", r[0] + "_V", r[3], r[4]));
    }
    out.append("     EXT5V_V volt(24)=5.09066000V\n      BATT_V volt(25)=0.00000000V\n");
    f.putRaw(valueFile(), out.toString());
  }

  @Override
  void denied(TreeFiles f, boolean on) {
    if (on) {
      f.put(".pmic/denied", 1);
    } else {
      f.remove(".pmic/denied");
    }
  }

  @Override
  void garbage(TreeFiles f) {
    f.putRaw(valueFile(), "VDD_CORE_A current(7)=nanA\n0V8_SW_A curr\n");
  }





}
