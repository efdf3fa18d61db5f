/**
 * The backend conformance suite, the contract of a backend written against {@code io.edgeenergy.model.spi}:
 * a backend's tests subclass {@link io.edgeenergy.testkit.conformance.BackendConformanceSuite} (loading,
 * signatures, exact values of every dtype, tensor reuse, the SDK's exceptions) with the tiny models of
 * {@link io.edgeenergy.testkit.conformance.ConformanceModel} written in its own format, and
 * {@link io.edgeenergy.testkit.conformance.ModelLifecycleSuite} (two threads, close while running) with
 * one real model.
 */
package io.edgeenergy.testkit.conformance;
