/**
 * The OS-facing runtime: energy meters and their auto-detection ({@link io.edgeenergy.runtime.EnergyMeters}),
 * the CPU-time estimator ({@link io.edgeenergy.runtime.CpuTimeEstimatorMeter}) and device power
 * profiles ({@link io.edgeenergy.runtime.PowerProfile}). Types in {@code io.edgeenergy.runtime.internal}
 * are implementation details and may change without notice.
 */
package io.edgeenergy.runtime;
