package io.edgeenergy.tflite.internal;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import io.edgeenergy.model.spi.BackendModel;
import io.edgeenergy.model.spi.TensorChecks;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TensorFlow Lite interpreter behind the {@link Model} interface.
 *
 * <h2>Memory of inputs and outputs</h2>
 *
 * Every input and output tensor of the interpreter gets a <em>custom allocation</em>
 * ({@code Interpreter::SetCustomAllocationForTensor}): memory that Java owns. For a {@link
 * TfliteTensor} (from {@link #newInputs()}/{@link #newOutputs()}, this or another TFLite model's)
 * that memory is the caller's own buffer, so the interpreter reads inputs from and writes outputs
 * into it directly: no copy. Any other {@link Tensor} is copied into (inputs) or out of (outputs) a
 * staging buffer the model owns. The interpreter's own arena only holds intermediate tensors.
 * Handing the interpreter's arena buffers out instead would make every caller tensor dangle once
 * the model closes; this way tensors outlive the model, as with the ONNX backend.
 *
 * <h2>Hot path</h2>
 *
 * {@link #run} checks the tensors (allocation-free), compares each slot's tensor with the one bound
 * last time by identity, and the input shapes with the interpreter's; only a change rebinds (and
 * re-runs {@code AllocateTensors}, resizing dynamic inputs). Then {@code Invoke()}. Nothing is
 * allocated per run once bound.
 *
 * <h2>Thread model</h2>
 *
 * One thread at a time, like the interpreter itself; load one model per thread for parallel runs.
 * A second thread's run is refused with {@code ConcurrentModelUseException}, and {@code close()}
 * waits for a running call (see {@link BackendModel}). Closing frees the interpreter, the op resolver and the flatbuffer model (and the native copy of a
 * model loaded from bytes).
 */
public final class TfliteModel extends BackendModel {
  private static final Logger LOG = LoggerFactory.getLogger(TfliteModel.class);

  private final Pointer modelBytes;
  private final FlatBufferModel flatbuffer;
  private final BuiltinOpResolver resolver;
  private final Interpreter interpreter;
  /** The int8/uint8 XNNPACK delegate for a quantized graph, else null; deleted after the interpreter. */
  private final QuantizedXnnpack quantizedXnnpack;

  private final TfliteSlots inputs;
  private final TfliteSlots outputs;
  private boolean allocated;

  private TfliteModel(String name, Pointer modelBytes, FlatBufferModel flatbuffer, BuiltinOpResolver resolver,
      Interpreter interpreter, QuantizedXnnpack quantizedXnnpack, String executionProvider, Signature signature,
      int[] inIdx, int[] outIdx) {
    super("tflite", name, signature, executionProvider);
    this.modelBytes = modelBytes;
    this.flatbuffer = flatbuffer;
    this.resolver = resolver;
    this.interpreter = interpreter;
    this.quantizedXnnpack = quantizedXnnpack;
    this.inputs = new TfliteSlots(name, interpreter, "input", signature.inputs(), inIdx);
    this.outputs = new TfliteSlots(name, interpreter, "output", signature.outputs(), outIdx);
  }

  /** Loads {@code file}, checking its structure ({@link TfliteStructure}) and the flatbuffer first. */
  public static TfliteModel load(Path file, ModelOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    TfliteFiles.check(file);
    TfliteFiles.checkStructure(file);
    Path fileName = file.getFileName();
    String name = options.name() != null ? options.name() : fileName != null ? fileName.toString() : file.toString();
    FlatBufferModel fb = FlatBufferModel.VerifyAndBuildFromFile(file.toString());
    if (fb == null || fb.isNull()) {
      throw new ModelLoadException("TensorFlow Lite " + NativeTflite.version() + " cannot load model file '" + file
          + "': " + verifyFailure());
    }
    return build(name, null, fb, options);
  }

  /** Loads a model from its bytes, which are copied to native memory kept until {@link #close()}. */
  public static TfliteModel load(byte[] model, String label, ModelOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    String name = options.name() != null ? options.name() : label != null && !label.trim().isEmpty() ? label : "tflite-model";
    TfliteFiles.check(model, name);
    TfliteStructure.check(ByteBuffer.wrap(model), "model '" + name + "'");
    BytePointer bytes = new BytePointer(model);
    FlatBufferModel fb = FlatBufferModel.VerifyAndBuildFromBuffer(bytes, model.length);
    if (fb == null || fb.isNull()) {
      bytes.close();
      throw new ModelLoadException("TensorFlow Lite " + NativeTflite.version() + " cannot load model '" + name + "': "
          + verifyFailure());
    }
    return build(name, bytes, fb, options);
  }

  private static String verifyFailure() {
    return "the flatbuffer verifier rejected it (truncated, corrupt, or not a TensorFlow Lite model; expected "
        + TfliteFiles.EXPECTED + ")";
  }

  private static TfliteModel build(String name, Pointer bytes, FlatBufferModel fb, ModelOptions options) {
    InterpreterOptionsMapping opts;
    BuiltinOpResolver resolver = null;
    Interpreter interpreter = null;
    QuantizedXnnpack qx = null;
    try {
      opts = InterpreterOptionsMapping.of(options, name);
      resolver = opts.xnnpack() ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
      interpreter = new Interpreter((Pointer) null);
      try (InterpreterBuilder builder = new InterpreterBuilder(fb, resolver)) {
        TfliteGraph.status(builder.SetNumThreads(opts.threads()), name, "cannot use " + opts.threads() + " threads");
        TfliteGraph.status(builder.apply(interpreter), name, "cannot build an interpreter (an operator or version this "
            + "TensorFlow Lite build lacks? see the ERROR lines it printed)");
      }
      // The first AllocateTensors applies the default (XNNPACK) delegate, so the execution plan,
      // and executionProvider(), are final after it; it also surfaces a bad graph at load time.
      long[][] declared = TfliteGraph.dims(interpreter, TfliteGraph.indices(interpreter.outputs()));
      TfliteGraph.status(interpreter.AllocateTensors(), name, "cannot prepare the graph (see the ERROR lines it printed)");
      TfliteGraph.checkOutputsAsDeclared(interpreter, declared, name);
      if (opts.xnnpack() && TfliteGraph.isQuantized(interpreter)) {
        // The default delegate of this build has its int8 kernels off (see QuantizedXnnpack), so a
        // quantized graph gets a second XNNPACK delegate with them on; it takes what XNNPACK supports
        // (QUANTIZE, int8 FULLY_CONNECTED, DEQUANTIZE...) and leaves the rest (int8 SOFTMAX) to the builtins.
        qx = QuantizedXnnpack.tryCreate(opts.threads(), name);
      }
      if (qx != null) {
        TfliteGraph.status(interpreter.ModifyGraphWithDelegate(qx.delegate()), name, "cannot apply the XNNPACK delegate with"
            + " int8 kernels (see the ERROR lines it printed; load with backend option xnnpack=false to skip it)");
        TfliteGraph.status(interpreter.AllocateTensors(), name, "cannot prepare the delegated graph (see the ERROR lines it"
            + " printed)");
      }
      int[] in = TfliteGraph.indices(interpreter.inputs());
      int[] out = TfliteGraph.indices(interpreter.outputs());
      if (out.length == 0) {
        throw new ModelLoadException("model '" + name + "' has no outputs: nothing to read after a run (a damaged"
            + " file, or not an inference model)");
      }
      Signature signature = TfliteSignature.of(interpreter, in, out, name);
      String ep = TfliteGraph.executionProviderOf(interpreter);
      TfliteModel model = new TfliteModel(name, bytes, fb, resolver, interpreter, qx, ep, signature, in, out);
      LOG.debug("loaded model '{}' on {} ({} threads): {}", name, ep, opts.threads(), signature);
      return model;
    } catch (RuntimeException e) {
      if (interpreter != null) {
        interpreter.close();
      }
      if (qx != null) {
        qx.close();
      }
      if (resolver != null) {
        resolver.close();
      }
      fb.close();
      if (bytes != null) {
        bytes.close();
      }
      throw e;
    }
  }

  @Override
  protected Tensor newTensor(TensorSpec spec) {
    return TfliteTensor.allocate(spec);
  }

  @Override
  protected void invoke(Tensor[] in, Tensor[] out) {
    TensorChecks.check(name, "input", inputs.specs, in);
    TensorChecks.check(name, "output", outputs.specs, out);
    boolean changed = inputs.resize(in);
    changed |= inputs.bind(in);
    changed |= outputs.bind(out);
    if (changed || !allocated) {
      allocateTensors(out);
    }
    inputs.copyIn(in);
    int status = interpreter.Invoke();
    if (status != kTfLiteOk) {
      throw new InferenceException("model '" + name + "' failed in TensorFlow Lite: Invoke() returned status "
          + status + " (see the ERROR lines it printed); inputs " + Arrays.toString(in));
    }
    outputs.copyOut(out);
  }

  private void allocateTensors(Tensor[] out) {
    allocated = false;
    int status = interpreter.AllocateTensors();
    // a wrong output shape is the caller's mistake (or the file's) and should say so, not look like a
    // runtime failure
    outputs.requireShapes(out, inputs.bound);
    if (status != kTfLiteOk) {
      throw new InferenceException("model '" + name + "': TensorFlow Lite cannot allocate tensors for inputs "
          + Arrays.toString(inputs.bound) + " (status " + status + ")");
    }
    allocated = true;
  }

  /** The address the interpreter reads or writes for a slot, for tests of the zero-copy binding. */
  long dataAddress(boolean input, int slot) {
    TfliteSlots slots = input ? inputs : outputs;
    return interpreter.tensor(slots.tensorIndex[slot]).data().raw().address();
  }

  @Override
  protected void release() {
    interpreter.close();
    if (quantizedXnnpack != null) {
      quantizedXnnpack.close();
    }
    resolver.close();
    flatbuffer.close();
    if (modelBytes != null) {
      modelBytes.close();
    }
    inputs.release();
    outputs.release();
    LOG.debug("closed model '{}'", name);
  }
}
