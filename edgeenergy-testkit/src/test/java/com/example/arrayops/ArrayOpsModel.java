package com.example.arrayops;

import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.spi.BackendModel;
import io.edgeenergy.model.spi.TensorChecks;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** One arrayops model; {@link BackendModel} brings the name, closed state and concurrency guard. */
final class ArrayOpsModel extends BackendModel {
  private final boolean add;
  private final TensorSpec[] inputs;
  private final TensorSpec[] outputs;

  ArrayOpsModel(String name, Signature signature, boolean add) {
    super("arrayops", name, signature, "java");
    this.add = add;
    this.inputs = signature.inputs().toArray(new TensorSpec[0]);
    this.outputs = signature.outputs().toArray(new TensorSpec[0]);
  }

  @Override
  protected Tensor newTensor(TensorSpec spec) {
    return Tensor.allocate(spec);
  }

  @Override
  protected void invoke(Tensor[] in, Tensor[] out) {
    TensorChecks.check(name, "input", inputs, in);
    TensorChecks.check(name, "output", outputs, out);
    if (add) {
      FloatBuffer a = in[0].floats();
      FloatBuffer b = in[1].floats();
      FloatBuffer sum = out[0].floats();
      for (int i = 0, n = sum.capacity(); i < n; i++) {
        sum.put(i, a.get(i) + b.get(i)); // absolute: a caller's buffer position changes nothing
      }
    } else {
      ByteBuffer src = in[0].bytes().duplicate();
      src.clear();
      ByteBuffer dst = out[0].bytes().duplicate();
      dst.clear();
      dst.put(src);
    }
  }

  @Override
  protected void release() {
    // heap and direct buffers only: nothing native to free
  }
}
