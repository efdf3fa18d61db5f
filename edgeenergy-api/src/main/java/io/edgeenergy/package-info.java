/**
 * The value types every module shares: {@link io.edgeenergy.Energy} (exact, in nanojoules) and
 * {@link io.edgeenergy.Power} (in microwatts), whether a figure is
 * {@linkplain io.edgeenergy.EnergyQuality measured or estimated}, a component's
 * {@link io.edgeenergy.Availability}, the {@link io.edgeenergy.Ticker} clock, and
 * {@link io.edgeenergy.EdgeEnergyException}, the root of every exception the SDK throws on bad input.
 *
 * <p>The whole {@code edgeenergy-api} module is plain Java with no dependencies, so it runs on
 * Android (API 26+) and in any JVM.
 */
package io.edgeenergy;
