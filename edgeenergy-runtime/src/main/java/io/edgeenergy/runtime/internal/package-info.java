/**
 * Implementation details of the meters and profiles (detection probes, profile parsers, battery and
 * NVML/PMIC bindings, samplers); not API, may change without notice, and no other module may use them
 * (enforced by {@code LayeringTest}).
 */
package io.edgeenergy.runtime.internal;
