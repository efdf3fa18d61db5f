package io.edgeenergy.runtime.hints;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintScope;
import java.nio.file.Path;

/**
 * A process that applies a hint on a fake sysfs tree and then waits to be killed, for the crash test:
 * {@code HintHolder <sysfs root> <journal dir> <level>}. Prints {@code HOLDING} once the hint is in place.
 */
public final class HintHolder {
  private HintHolder() {}

  public static void main(String[] args) throws InterruptedException {
    LinuxPerformanceHints hints = LinuxPerformanceHints.builder().sysfsRoot(Path.of(args[0]))
        .journalDirectory(Path.of(args[1])).uclamp(false).affinity(false).build();
    HintScope scope = hints.apply(HintLevel.valueOf(args[2]));
    System.out.println(scope.anyApplied() ? "HOLDING" : "NOT APPLIED " + scope.outcomes());
    System.out.flush();
    Thread.sleep(120_000);
    scope.close();
  }
}
