/**
 * The Micrometer binder for edgeenergy ({@link io.edgeenergy.micrometer.EdgeEnergyMetrics}): ledger
 * joules, stop reasons, budgets and meter health as Micrometer meters, tagged with the meter and the
 * figures' quality, so any Micrometer registry (Prometheus, OTLP, ...) receives them. Knows only the
 * api and Micrometer (enforced by {@code LayeringTest}).
 */
package io.edgeenergy.micrometer;
