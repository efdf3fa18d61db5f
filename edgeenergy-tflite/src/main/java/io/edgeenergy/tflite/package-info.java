/**
 * TensorFlow Lite backend of edgeenergy: {@link io.edgeenergy.tflite.TfliteBackend}, registered for
 * {@link java.util.ServiceLoader} as {@code tflite} ({@code *.tflite} files), running TensorFlow Lite
 * 2.19 through the JavaCPP preset {@code org.bytedeco:tensorflow-lite:2.19.0-1.5.12}.
 *
 * <h2>Natives per platform</h2>
 *
 * JavaCPP ships the native library in one jar per platform: classifier {@code linux-x86_64},
 * {@code linux-arm64} (Jetson, Raspberry Pi OS 64-bit) or {@code android-arm64}, each with the
 * matching {@code org.bytedeco:javacpp:1.5.12} natives jar. This module depends on one platform's,
 * named by the Maven property {@code edgeenergy.tflite.classifier} (set from the building machine;
 * override with {@code -Dedgeenergy.tflite.classifier=linux-arm64}). Without them the backend is
 * unavailable and says which jars to add.
 *
 * <h2>Zero copy through custom allocations</h2>
 *
 * Tensors from {@code Model.newInputs()}/{@code newOutputs()} are 64-byte aligned direct buffers
 * that Java owns; the model registers each one as the interpreter tensor's custom allocation
 * ({@code Interpreter::SetCustomAllocationForTensor}), so TensorFlow Lite reads the inputs from and
 * writes the outputs into the caller's memory. Registration happens when a tensor first enters a
 * slot (followed by one {@code AllocateTensors}); a run with the same tensors costs a check loop
 * and {@code Invoke()}. Any other {@code Tensor} is copied through a staging buffer. Tensors stay
 * valid after their model closes and can be passed between TensorFlow Lite models (segment 1's
 * {@code hidden} into segment 2).
 *
 * <h2>Options</h2>
 *
 * {@code intraOpThreads} (default 1; 0 = TensorFlow Lite's default), XNNPACK on by default for
 * float models ({@code backendOptions} {@code xnnpack=false} or {@code executionProviders("CPU")}
 * turn it off); no other delegate is in this build and a requested one falls back with a warning.
 * {@code Model.executionProvider()} is {@code XNNPACK} when the delegate took nodes, else {@code CPU}.
 *
 * <h2>Thread model</h2>
 *
 * The backend object is thread-safe; a model is confined to one thread at a time (the interpreter
 * is). Load one model per thread for parallel inference.
 */
package io.edgeenergy.tflite;
