/**
 * Joules in and out: an {@link io.edgeenergy.energy.EnergyMeter} reads a device's energy counter
 * (implementations live in {@code edgeenergy-runtime} and {@code edgeenergy-android}), an
 * {@link io.edgeenergy.energy.EnergyLedger} shows where a pipeline's joules went (read-only to
 * callers, conserved to the nanojoule), and an {@link io.edgeenergy.energy.EnergyBudget} limits
 * spending by battery, window or inference, telling policies its pressure through a
 * {@link io.edgeenergy.energy.BudgetView}.
 */
package io.edgeenergy.energy;
