package io.edgeenergy.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A digits model through plain ONNX Runtime Java, as users write it without the SDK: one session
 * (1 intra-op thread, no spinning), the input tensor wrapping a reused direct buffer.
 */
final class RawOrt implements AutoCloseable {
  private final OrtSession session;
  private final FloatBuffer inputBuffer;
  private final OnnxTensor input;
  private final OnnxTensor output;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxValue> outputs;

  RawOrt(Path file) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      session = env.createSession(file.toString(), options);
    }
    inputBuffer = ByteBuffer.allocateDirect(64 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    input = OnnxTensor.createTensor(env, inputBuffer, new long[] {1, 64});
    output = OnnxTensor.createTensor(env,
        ByteBuffer.allocateDirect(10 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer(), new long[] {1, 10});
    inputs = Map.of("x", input);
    outputs = Map.of("probs", output);
  }

  /** Outputs allocated by ORT and copied to a {@code float[][]}, then closed. */
  float run(float[] x) throws OrtException {
    inputBuffer.put(0, x);
    try (OrtSession.Result r = session.run(inputs)) {
      return ((float[][]) r.get(0).getValue())[0][0];
    }
  }

  /** Into a pre-allocated (pinned) output tensor: the cheapest raw ORT call. */
  float runPinned(float[] x) throws OrtException {
    inputBuffer.put(0, x);
    try (OrtSession.Result r = session.run(inputs, outputs)) {
      return output.getFloatBuffer().get(0);
    }
  }

  @Override
  public void close() throws OrtException {
    input.close();
    output.close();
    session.close();
  }
}
