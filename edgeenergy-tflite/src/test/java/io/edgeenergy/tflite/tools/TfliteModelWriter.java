package io.edgeenergy.tflite.tools;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A one-subgraph TensorFlow Lite model under construction, written with the flatbuffer schema
 * classes of {@code org.tensorflow:tensorflow-lite-metadata} (schema version 3, file identifier
 * {@code TFL3}).
 *
 * <p>Buffer 0 is the empty sentinel the schema requires. Every tensor has its own buffer; only
 * constants carry a data vector: a non-constant tensor whose buffer has a data vector, even an
 * empty one, is read by TensorFlow Lite as a constant and the model fails to prepare. Output is
 * deterministic: the same calls give the same bytes.
 */
public final class TfliteModelWriter {
  private final List<TensorT> tensors = new ArrayList<>();
  private final List<BufferT> buffers = new ArrayList<>();
  private final List<OperatorT> operators = new ArrayList<>();
  private final Map<String, Integer> opcodeIndex = new LinkedHashMap<>();
  private final List<OperatorCodeT> opcodes = new ArrayList<>();
  private int[] inputs = new int[0];
  private int[] outputs = new int[0];

  public TfliteModelWriter() {
    buffers.add(emptyBuffer());
  }

  /** A tensor computed at run time (activation, input or output); {@code batchDynamic} marks dim 0 as -1 in the signature. */
  public int tensor(String name, byte type, int[] shape, boolean batchDynamic, QuantizationParametersT q) {
    TensorT t = base(name, type, shape, q);
    if (batchDynamic) {
      int[] sig = shape.clone();
      sig[0] = -1;
      t.setShapeSignature(sig);
    }
    buffers.add(emptyBuffer());
    return add(t);
  }

  /** A constant tensor holding {@code data} (little-endian, as TensorFlow Lite reads it). */
  public int constant(String name, byte type, int[] shape, byte[] data, QuantizationParametersT q) {
    TensorT t = base(name, type, shape, q);
    BufferT b = new BufferT();
    int[] ubytes = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      ubytes[i] = data[i] & 0xff;
    }
    b.setData(ubytes);
    buffers.add(b);
    return add(t);
  }

  public int constantFloats(String name, int[] shape, float[] values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(values);
    return constant(name, org.tensorflow.lite.schema.TensorType.FLOAT32, shape, bb.array(), null);
  }

  public int constantInts(String name, int[] shape, int[] values, QuantizationParametersT q) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asIntBuffer().put(values);
    return constant(name, org.tensorflow.lite.schema.TensorType.INT32, shape, bb.array(), q);
  }

  /**
   * Adds an operator. {@code version} is the operator version TensorFlow Lite's converter would
   * write for these types (e.g. 4 for an int8 FULLY_CONNECTED).
   */
  public void op(int builtin, int version, BuiltinOptionsUnion options, int[] in, int[] out) {
    String key = builtin + "/" + version;
    Integer index = opcodeIndex.get(key);
    if (index == null) {
      OperatorCodeT code = new OperatorCodeT();
      code.setBuiltinCode(builtin);
      // Readers before schema 3a look only at the deprecated byte; every code used here fits.
      code.setDeprecatedBuiltinCode((byte) Math.min(builtin, 127));
      code.setVersion(version);
      index = opcodes.size();
      opcodes.add(code);
      opcodeIndex.put(key, index);
    }
    OperatorT op = new OperatorT();
    op.setOpcodeIndex(index);
    op.setInputs(in);
    op.setOutputs(out);
    if (options != null) {
      op.setBuiltinOptions(options);
    }
    operators.add(op);
  }

  public void inputs(int... tensorIndices) {
    inputs = tensorIndices.clone();
  }

  public void outputs(int... tensorIndices) {
    outputs = tensorIndices.clone();
  }

  /** The finished model file's bytes. */
  public byte[] build(String description) {
    SubGraphT g = new SubGraphT();
    g.setName("main");
    g.setTensors(tensors.toArray(new TensorT[0]));
    g.setInputs(inputs);
    g.setOutputs(outputs);
    g.setOperators(operators.toArray(new OperatorT[0]));
    ModelT m = new ModelT();
    m.setVersion(3);
    m.setDescription(description);
    m.setOperatorCodes(opcodes.toArray(new OperatorCodeT[0]));
    m.setSubgraphs(new SubGraphT[] {g});
    m.setBuffers(buffers.toArray(new BufferT[0]));
    return m.serializeToBinary();
  }

  /** Per-tensor affine quantization parameters. */
  public static QuantizationParametersT quantization(float scale, long zeroPoint) {
    QuantizationParametersT q = new QuantizationParametersT();
    q.setScale(new float[] {scale});
    q.setZeroPoint(new long[] {zeroPoint});
    return q;
  }

  public static BuiltinOptionsUnion options(byte type, Object value) {
    BuiltinOptionsUnion u = new BuiltinOptionsUnion();
    u.setType(type);
    u.setValue(value);
    return u;
  }

  private TensorT base(String name, byte type, int[] shape, QuantizationParametersT q) {
    TensorT t = new TensorT();
    t.setName(name);
    t.setType(type);
    t.setShape(shape.clone());
    t.setBuffer(buffers.size());
    if (q != null) {
      t.setQuantization(q);
    }
    return t;
  }

  private int add(TensorT t) {
    tensors.add(t);
    return tensors.size() - 1;
  }

  private static BufferT emptyBuffer() {
    BufferT b = new BufferT();
    b.setData(null); // no data vector at all (an empty one makes TFLite treat the tensor as constant)
    return b;
  }
}
