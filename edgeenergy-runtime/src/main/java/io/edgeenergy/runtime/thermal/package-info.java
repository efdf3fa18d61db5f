/**
 * Linux thermal zones ({@code /sys/class/thermal}) as {@link io.edgeenergy.thermal.ThermalHeadroom},
 * and cpufreq throttling detection.
 */
package io.edgeenergy.runtime.thermal;
