package io.edgeenergy.pipeline;

import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;

/**
 * One model call site of a built pipeline: its bound tensors, score reader, reused prediction and the
 * statistics of its measured (sampled) runs, from which unmeasured runs are charged.
 */
final class StageRun {
  final Model model;
  final Tensor[] inputs;
  final Tensor[] outputs;
  final ScoreReader.Bound reader;
  final MutablePrediction prediction;
  /** Runs left before the next measured one; 0 = measure the next run. */
  int untilSample;
  long sampledNanojoules;
  long sampledWallNanos;
  long samples;

  StageRun(Model model, Tensor[] inputs, Tensor[] outputs, ScoreReader.Bound reader) {
    this.model = model;
    this.inputs = inputs;
    this.outputs = outputs;
    this.reader = reader;
    this.prediction = new MutablePrediction(reader.classCount());
  }

  /** Adds one measured run and schedules the next measurement {@code period} runs later. */
  void sampled(long nanojoules, long wallNanos, int period) {
    sampledNanojoules += nanojoules;
    sampledWallNanos += wallNanos;
    samples++;
    untilSample = period - 1;
  }

  /**
   * Energy of an unmeasured run of {@code wallNanos}: same model, same work, so the same power as the
   * measured runs (their mean if they took no time); 0 before any measured run.
   */
  long extrapolate(long wallNanos) {
    if (samples == 0) {
      return 0;
    }
    return sampledWallNanos == 0 ? sampledNanojoules / samples
        : Math.round((double) wallNanos * sampledNanojoules / sampledWallNanos);
  }

  void resetSampling() {
    untilSample = 0;
    sampledNanojoules = 0;
    sampledWallNanos = 0;
    samples = 0;
  }
}
