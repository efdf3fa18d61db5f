/**
 * Always-on streams: {@link io.edgeenergy.stream.StreamRunner} feeds audio windows (hop + context)
 * or video frames to a pipeline in stream time, turns its answers into events with onset, offset and
 * hang-over, drops frames by a stated policy when the pipeline falls behind real time, and reports
 * duty cycles, joules per hour of stream and an always-on battery projection.
 */
package io.edgeenergy.stream;
