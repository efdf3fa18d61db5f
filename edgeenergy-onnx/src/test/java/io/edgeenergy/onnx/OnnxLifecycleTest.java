package io.edgeenergy.onnx;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.testkit.conformance.ModelLifecycleSuite;

/** The lifecycle probes on the real digits MLP (64-512-512-10) in ONNX Runtime. */
class OnnxLifecycleTest extends ModelLifecycleSuite {
  @Override
  protected Model load() {
    return InferenceBackends.load(DigitsData.dir().resolve("digits_big_mlp.onnx"));
  }
}
