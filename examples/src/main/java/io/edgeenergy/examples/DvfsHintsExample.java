package io.edgeenergy.examples;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.runtime.hints.LinuxPerformanceHints;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Scoped DVFS hints around a piece of work: prints which hint mechanisms this device offers (and why
 * the others are not), then runs the same CPU-bound work under each {@link HintLevel} and prints what
 * each mechanism did and how long the work took. On a machine where nothing applies (a VM: no
 * cpufreq, one cluster, a kernel without uclamp) the times differ only by noise, and it says so.
 *
 * <p>Run: {@code java -cp ... io.edgeenergy.examples.DvfsHintsExample [sysfs-root journal-dir]}
 * (the optional arguments point it at a copy of a device's sysfs, as the test does).
 *
 * <h2>Permissions on Jetson and Raspberry Pi</h2>
 *
 * <ul>
 *   <li><b>uclamp</b> (per thread) needs no root for the app's own threads on kernels built with
 *       {@code CONFIG_UCLAMP_TASK} (Jetson Linux 36 and Raspberry Pi OS kernels for arm64 are; check
 *       {@code zcat /proc/config.gz | grep UCLAMP}). Clamps above the system or cgroup limits
 *       ({@code /proc/sys/kernel/sched_util_clamp_*}, {@code cpu.uclamp.*}) need {@code CAP_SYS_NICE}:
 *       give it to the service, e.g. systemd {@code AmbientCapabilities=CAP_SYS_NICE}, rather than
 *       {@code setcap} on the shared {@code java} binary.
 *   <li><b>affinity</b> needs nothing for the app's own threads, but is only useful on a board with two
 *       clusters (Jetson Orin has one cluster per 4 cores of the same kind, so "one cluster" is the
 *       usual answer there; Raspberry Pi always has one).
 *   <li><b>cpufreq/devfreq</b> limits are root-only files. Rather than running the app as root, let a
 *       group write them at boot with {@code systemd-tmpfiles} (sysfs has no udev event per policy):
 *       <pre>
 * # /etc/tmpfiles.d/edgeenergy-dvfs.conf  (then: sudo groupadd -r dvfs; sudo usermod -aG dvfs $USER)
 * z /sys/devices/system/cpu/cpufreq/policy&#42;/scaling_min_freq 0664 root dvfs -
 * z /sys/devices/system/cpu/cpufreq/policy&#42;/scaling_max_freq 0664 root dvfs -
 * z /sys/devices/system/cpu/cpufreq/policy&#42;/energy_performance_preference 0664 root dvfs -
 * z /sys/class/devfreq/&#42;/min_freq 0664 root dvfs -
 * z /sys/class/devfreq/&#42;/max_freq 0664 root dvfs -</pre>
 *       A udev rule on {@code SUBSYSTEM=="devfreq"} with {@code RUN+="/bin/chgrp dvfs /sys%p/max_freq"}
 *       (and {@code chmod g+w}) does the same for devfreq devices that appear late. On Jetson, the
 *       limits live inside the {@code nvpmodel} power mode's caps (and {@code jetson_clocks} overrides
 *       them until reboot); the GPU is {@code /sys/class/devfreq/17000000.ga10b} (Orin) or
 *       {@code 57000000.gpu} (Nano). On a Raspberry Pi 5 the firmware keeps the ARM at 1.5 GHz or more
 *       whatever {@code scaling_max_freq} says, so LOW saves less there than the numbers suggest.
 *   <li>Limits are journaled before they are written; if the app is killed holding a hint, the next
 *       start (or {@code edgeenergy doctor --restore}) puts them back.
 * </ul>
 */
public final class DvfsHintsExample {
  private DvfsHintsExample() {}

  public static void main(String[] args) {
    LinuxPerformanceHints.Builder builder = LinuxPerformanceHints.builder();
    if (args.length == 2) {
      builder.sysfsRoot(Path.of(args[0])).journalDirectory(Path.of(args[1]));
    }
    LinuxPerformanceHints hints = builder.build();
    System.out.println("Hint mechanisms here (best first):");
    hints.mechanisms().forEach((name, availability) -> System.out.println("  " + name + ": " + availability));

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean anyApplied = false;
    long checksum = 0;
    for (int i = 0; i < 10; i++) {
      checksum += work();   // warm the JIT first, or the first level looks slow for the wrong reason
    }
    for (HintLevel level : HintLevel.values()) {
      try (HintScope scope = hints.apply(level)) {
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        checksum += work();
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        wall = System.nanoTime() - wall;
        System.out.printf("%-9s %6.1f ms wall, %6.1f ms CPU%n", level, wall / 1e6, cpu / 1e6);
        for (HintOutcome outcome : scope.outcomes()) {
          System.out.println("          " + outcome);
        }
        anyApplied |= scope.anyApplied();
      }
    }
    System.out.println(anyApplied
        ? "Hints applied: compare the times (and joules, with a measured meter) between levels."
        : "No hint applied on this device: the times above differ only by noise.");
    System.out.println("(checksum " + checksum + ")");
  }

  /** A fixed CPU-bound job: 200 products of two 64x64 matrices. */
  private static long work() {
    int n = 64;
    double[] a = new double[n * n];
    double[] b = new double[n * n];
    double[] c = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 7;
      b[i] = i % 5;
    }
    for (int rep = 0; rep < 200; rep++) {
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < n; k++) {
          double aik = a[i * n + k];
          for (int j = 0; j < n; j++) {
            c[i * n + j] += aik * b[k * n + j];
          }
        }
      }
    }
    return (long) c[n * n - 1];
  }
}
