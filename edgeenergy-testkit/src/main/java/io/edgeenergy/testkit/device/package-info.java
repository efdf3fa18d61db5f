/**
 * Live simulated devices for meter tests: real sysfs trees on tmpfs (RAPL, amd_energy, Jetson INA3221
 * on JetPack 5 and 4, a battery gauge, a Raspberry Pi 5 PMIC behind a scripted {@code vcgencmd}) that
 * a writer thread updates in real time from a {@link io.edgeenergy.testkit.device.PowerTrace}, with
 * scheduled {@link io.edgeenergy.testkit.device.DeviceFault}s, so that real meters with their real
 * sampler threads can be checked against the trace's exact energy.
 */
package io.edgeenergy.testkit.device;
