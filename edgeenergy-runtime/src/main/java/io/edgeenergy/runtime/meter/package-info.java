/**
 * Energy meters and their auto-detection: {@link io.edgeenergy.runtime.meter.EnergyMeters#detect()}
 * picks the best meter on this device (powercap/RAPL, hwmon, Jetson INA3221, battery fuel gauge,
 * Raspberry Pi 5 PMIC, NVML) and explains its choice; the CPU-time estimator
 * ({@link io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter}) is the fallback that works everywhere.
 */
package io.edgeenergy.runtime.meter;
