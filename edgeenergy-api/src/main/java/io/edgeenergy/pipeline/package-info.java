/**
 * The tiered inference pipeline: a {@link io.edgeenergy.pipeline.TieredInferencePipeline} runs an
 * input through {@link io.edgeenergy.pipeline.Tier}s, cheapest first, each a model, a segmented model
 * with early exits, or a chain of {@link io.edgeenergy.pipeline.Stage}s; gates decide whether the next
 * tier runs. Every run is metered and charged to the pipeline's ledger, and each inference returns an
 * {@link io.edgeenergy.pipeline.InferenceResult} saying what answered, what it cost and why it stopped.
 */
package io.edgeenergy.pipeline;
