package com.example.arrayops;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.testkit.conformance.ModelLifecycleSuite;
import java.nio.charset.StandardCharsets;

/** The lifecycle probes on the SPI-only backend: the guard of {@code BackendModel} is all it needs. */
class ArrayOpsLifecycleTest extends ModelLifecycleSuite {
  @Override
  protected Model load() {
    byte[] model = ArrayOpsBackend.source("add", DType.FLOAT32, 64, 64).getBytes(StandardCharsets.UTF_8);
    return InferenceBackends.named("arrayops").load(model, "add-64x64", ModelOptions.defaults());
  }
}
