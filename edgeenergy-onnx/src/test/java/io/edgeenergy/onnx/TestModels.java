package io.edgeenergy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgeenergy.model.DType;
import java.util.List;
import java.util.Random;

/**
 * Small ONNX models built by code with the ONNX protobuf classes, so every test model is readable
 * here rather than an opaque blob. IR version 8, default-domain opset 18.
 */
final class TestModels {
  private TestModels() {}

  static DataType onnxType(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> DataType.FLOAT;
      case INT8 -> DataType.INT8;
      case UINT8 -> DataType.UINT8;
      case INT32 -> DataType.INT32;
      case INT64 -> DataType.INT64;
      case BOOL -> DataType.BOOL;
    };
  }

  /** A graph under construction. Dimensions: a {@link Number} is fixed, a {@link String} symbolic. */
  static final class Graph {
    private final GraphProto.Builder g = GraphProto.newBuilder();
    private int nodes;

    Graph(String name) {
      g.setName(name);
    }

    Graph input(String name, DataType type, Object... dims) {
      g.addInput(valueInfo(name, tensorType(type, dims)));
      return this;
    }

    Graph output(String name, DataType type, Object... dims) {
      g.addOutput(valueInfo(name, tensorType(type, dims)));
      return this;
    }

    /** An output of type sequence(tensor(elem)): something this SDK cannot feed. */
    Graph sequenceOutput(String name, DataType elem) {
      TypeProto seq = TypeProto.newBuilder()
          .setSequenceType(TypeProto.Sequence.newBuilder().setElemType(tensorType(elem))).build();
      g.addOutput(valueInfo(name, seq));
      return this;
    }

    Graph node(String op, List<String> in, List<String> out, AttributeProto... attributes) {
      NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes++)
          .addAllInput(in).addAllOutput(out);
      for (AttributeProto a : attributes) {
        n.addAttribute(a);
      }
      g.addNode(n);
      return this;
    }

    Graph floatInitializer(String name, float[] values, long... dims) {
      TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber());
      for (long d : dims) {
        t.addDims(d);
      }
      for (float v : values) {
        t.addFloatData(v);
      }
      g.addInitializer(t);
      return this;
    }

    byte[] bytes() {
      return ModelProto.newBuilder()
          .setIrVersion(8)
          .setProducerName("edgeenergy-onnx tests")
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18))
          .setGraph(g)
          .build()
          .toByteArray();
    }

    private static ValueInfoProto valueInfo(String name, TypeProto type) {
      return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static TypeProto tensorType(DataType type, Object... dims) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (Object d : dims) {
        TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
        if (d instanceof Number n) {
          dim.setDimValue(n.longValue());
        } else {
          dim.setDimParam((String) d);
        }
        shape.addDim(dim);
      }
      return TypeProto.newBuilder()
          .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)).build();
    }
  }

  /** {@code x[2,3] -> Identity -> y}, of any element type. */
  static byte[] identity(DType dtype) {
    DataType t = onnxType(dtype);
    return new Graph("identity_" + dtype).input("x", t, 2, 3).output("y", t, 2, 3)
        .node("Identity", List.of("x"), List.of("y")).bytes();
  }

  /**
   * {@code x[2,3] -> (copy = Identity(x), changed = f(x))} where f changes every value in a way
   * that is easy to check: FLOAT32/INT32/INT64 {@code x + x}, INT8 {@code -x}, BOOL {@code !x},
   * UINT8 {@code ~x} (BitwiseNot, i.e. {@code 255 - x}).
   */
  static byte[] copyAndChange(DType dtype) {
    DataType t = onnxType(dtype);
    Graph g = new Graph("copy_and_change_" + dtype).input("x", t, 2, 3).output("copy", t, 2, 3)
        .output("changed", t, 2, 3).node("Identity", List.of("x"), List.of("copy"));
    switch (dtype) {
      case FLOAT32, INT32, INT64 -> g.node("Add", List.of("x", "x"), List.of("changed"));
      case INT8 -> g.node("Neg", List.of("x"), List.of("changed"));
      case BOOL -> g.node("Not", List.of("x"), List.of("changed"));
      case UINT8 -> g.node("BitwiseNot", List.of("x"), List.of("changed"));
    }
    return g.bytes();
  }

  /** {@code a[N,4] + b[N,4] -> sum[N,4]} with a symbolic batch dimension. */
  static byte[] addDynamic() {
    return add("add_dynamic", "N", 4);
  }

  /** {@code a + b -> sum}, float32, all of shape {@code dims} (see {@link Graph#input}). */
  static byte[] add(String name, Object... dims) {
    return new Graph(name).input("a", DataType.FLOAT, dims).input("b", DataType.FLOAT, dims)
        .output("sum", DataType.FLOAT, dims).node("Add", List.of("a", "b"), List.of("sum")).bytes();
  }

  /** {@code x[1,3] float64 -> Identity}: a dtype the SDK does not support. */
  static byte[] doubleModel() {
    return new Graph("double").input("x", DataType.DOUBLE, 1, 3).output("y", DataType.DOUBLE, 1, 3)
        .node("Identity", List.of("x"), List.of("y")).bytes();
  }

  /** {@code x[2] float -> SequenceConstruct -> seq}: a non-tensor output. */
  static byte[] sequenceModel() {
    return new Graph("sequence").input("x", DataType.FLOAT, 2).sequenceOutput("seq", DataType.FLOAT)
        .node("SequenceConstruct", List.of("x"), List.of("seq")).bytes();
  }

  /** Deterministic weights of {@link #logReg}: W[64,10] then b[10]. */
  static float[][] logRegWeights(long seed) {
    Random r = new Random(seed);
    float[] w = new float[64 * 10];
    float[] b = new float[10];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.3);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) (r.nextGaussian() * 0.1);
    }
    return new float[][] {w, b};
  }

  /** Softmax(x[N,64] · W + b) -> probs[N,10], the shape of the digits models. */
  static byte[] logReg(long seed) {
    float[][] wb = logRegWeights(seed);
    return new Graph("logreg").input("x", DataType.FLOAT, "N", 64).output("probs", DataType.FLOAT, "N", 10)
        .floatInitializer("W", wb[0], 64, 10).floatInitializer("b", wb[1], 10)
        .node("MatMul", List.of("x", "W"), List.of("xw"))
        .node("Add", List.of("xw", "b"), List.of("logits"))
        .node("Softmax", List.of("logits"), List.of("probs"),
            AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(-1).build())
        .bytes();
  }

  /** The same computation in plain Java, in double precision, for one row. */
  static float[] logRegReference(long seed, float[] x) {
    float[][] wb = logRegWeights(seed);
    double[] logits = new double[10];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < 10; j++) {
      double s = wb[1][j];
      for (int i = 0; i < 64; i++) {
        s += (double) x[i] * wb[0][i * 10 + j];
      }
      logits[j] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int j = 0; j < 10; j++) {
      logits[j] = Math.exp(logits[j] - max);
      sum += logits[j];
    }
    float[] p = new float[10];
    for (int j = 0; j < 10; j++) {
      p[j] = (float) (logits[j] / sum);
    }
    return p;
  }
}
