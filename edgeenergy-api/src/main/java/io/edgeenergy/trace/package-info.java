/**
 * Recording what a pipeline did, inference by inference, as JSON lines
 * ({@link io.edgeenergy.trace.TraceRecorder}), for replay and offline analysis in the testkit.
 */
package io.edgeenergy.trace;
