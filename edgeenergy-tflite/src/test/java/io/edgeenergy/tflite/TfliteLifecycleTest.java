package io.edgeenergy.tflite;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.testkit.conformance.ModelLifecycleSuite;

/** The lifecycle probes on the real digits MLP (64-512-512-10) in TensorFlow Lite. */
class TfliteLifecycleTest extends ModelLifecycleSuite {
  @Override
  protected Model load() {
    return InferenceBackends.load(TestModels.digits("digits_big_mlp.tflite"));
  }
}
