/**
 * Scoped DVFS and scheduling hints on Linux ({@link io.edgeenergy.runtime.hints.LinuxPerformanceHints}):
 * per-thread uclamp and affinity via JNA, cpufreq/devfreq limits and energy-performance preference via
 * sysfs, each reporting whether it applied; writes are journaled and rolled back after a crash. The
 * cluster topology comes from {@link io.edgeenergy.runtime.hints.CpuTopology}. Hints know no meter,
 * profile or thermal zone (enforced by {@code LayeringTest}).
 */
package io.edgeenergy.runtime.hints;
