package io.edgeenergy.micrometer;

import io.edgeenergy.energy.EnergyDomain;

/**
 * The names {@link EdgeEnergyMetrics} registers, in Micrometer's dotted form. Registries convert them:
 * Prometheus turns {@code edgeenergy.inference.energy} with base unit joules into
 * {@code edgeenergy_inference_energy_joules_total}; OTLP keeps the dotted names and sends the unit.
 */
public final class MetricNames {
  /** Joules charged per tier and model (function counter). */
  public static final String ENERGY = "edgeenergy.inference.energy";
  /** Model calls per tier and model (function counter). */
  public static final String STAGE_RUNS = "edgeenergy.stage.runs";
  /** Inferences per stop reason (function counter). */
  public static final String INFERENCES = "edgeenergy.inferences";
  /** Battery energy left in a budget, joules (gauge). */
  public static final String BUDGET_REMAINING = "edgeenergy.budget.remaining";
  /** Budget pressure, 0..1 (gauge). */
  public static final String BUDGET_PRESSURE = "edgeenergy.budget.pressure";
  /** Projected battery lifetime (time gauge). */
  public static final String BUDGET_LIFETIME = "edgeenergy.budget.lifetime.projected";
  /** Metered windows a pipeline could not trust, charged as ESTIMATED (function counter). */
  public static final String METER_ANOMALIES = "edgeenergy.meter.anomalies";
  /** 1 while a meter counts, 0 after it stopped (gauge). */
  public static final String METER_AVAILABLE = "edgeenergy.meter.available";
  /** OpenTelemetry semantic conventions, hardware: energy consumed by a component, joules (counter). */
  public static final String HW_ENERGY = "hw.energy";
  /** The base unit of every energy figure. */
  public static final String JOULES = "joules";

  private MetricNames() {}

  /** The OpenTelemetry {@code hw.type} closest to a meter's domain. */
  static String hwType(EnergyDomain domain) {
    return switch (domain) {
      case CPU, PACKAGE, CORE -> "cpu";
      case DRAM -> "memory";
      case GPU -> "gpu";
      case SOC, BOARD -> "enclosure";
      case BATTERY -> "battery";
    };
  }
}
