package io.edgeenergy.energy;

/** What part of the device a meter's counter covers: its measurement boundary. */
public enum EnergyDomain {
  /** CPU work of the calling threads, as an estimator attributes it. */
  CPU,
  /** A CPU package/socket (RAPL package). */
  PACKAGE,
  /** CPU cores only (RAPL core/PP0). */
  CORE,
  /** Memory (RAPL dram). */
  DRAM,
  /** A GPU. */
  GPU,
  /** A system-on-chip rail. */
  SOC,
  /** The whole board at its power input. */
  BOARD,
  /** The battery, as its fuel gauge reports. */
  BATTERY
}
