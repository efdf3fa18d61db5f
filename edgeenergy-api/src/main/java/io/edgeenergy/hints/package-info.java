/**
 * Performance hints: scoped requests for more or less speed (and power) around a piece of work,
 * applied through whatever the platform offers (utilization clamps, CPU affinity, cpufreq/devfreq)
 * and always restored. Implementations live in {@code edgeenergy-runtime}.
 */
package io.edgeenergy.hints;
