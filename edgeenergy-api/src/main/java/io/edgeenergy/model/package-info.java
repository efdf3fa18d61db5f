/**
 * Models and the backends that run them: {@link io.edgeenergy.model.InferenceBackends} finds a
 * backend (ONNX Runtime, TensorFlow Lite, or your own) on the class path and loads a
 * {@link io.edgeenergy.model.Model}, which runs on {@link io.edgeenergy.model.Tensor}s described by
 * its {@link io.edgeenergy.model.Signature}. Misuse is a {@link io.edgeenergy.model.TensorMismatchException},
 * {@link io.edgeenergy.model.ModelLoadException} or {@link io.edgeenergy.model.ModelClosedException}
 * naming the model and tensor, never a native crash. Backend authors start at
 * {@link io.edgeenergy.model.spi}.
 */
package io.edgeenergy.model;
