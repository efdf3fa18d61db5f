package io.edgeenergy.bench;

import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;

/**
 * A .tflite model through JavaCPP's TensorFlow Lite as users write it without the SDK: one
 * interpreter (1 thread, default XNNPACK delegate), the input copied through a {@code FloatPointer}
 * obtained once, {@code Invoke()}, one output value read.
 */
final class RawTflite implements AutoCloseable {
  private final FlatBufferModel model;
  private final BuiltinOpResolver resolver;
  private final Interpreter interpreter;
  private final FloatPointer in;
  private final FloatPointer out;

  RawTflite(Path file) {
    model = FlatBufferModel.VerifyAndBuildFromFile(file.toString());
    resolver = new BuiltinOpResolver();
    interpreter = new Interpreter((Pointer) null);
    try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
      builder.SetNumThreads(1);
      check(builder.apply(interpreter), "build");
    }
    check(interpreter.AllocateTensors(), "allocate");
    in = interpreter.typed_input_tensor_float(0);
    out = interpreter.typed_output_tensor_float(0);
  }

  private static void check(int status, String what) {
    if (status != 0) {
      throw new IllegalStateException("TensorFlow Lite " + what + " failed: status " + status);
    }
  }

  float invoke(float[] x) {
    in.put(x);
    check(interpreter.Invoke(), "invoke");
    return out.get(0);
  }

  @Override
  public void close() {
    interpreter.close();
    resolver.close();
    model.close();
  }
}
