/**
 * Thermal headroom as policies see it: how close the device is to thermal throttling, without
 * knowing where the figure comes from (Linux thermal zones in {@code edgeenergy-runtime}, Android's
 * {@code PowerManager.getThermalHeadroom}, a test fake).
 */
package io.edgeenergy.thermal;
