package io.edgeenergy.tflite.tools;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of our ONNX MLP graphs (see {@code models/train_digits.py}) read into dense layers and
 * softmaxes: {@code MatMul(x, W) → Add(·, b) → [Relu]} becomes one {@link Dense}, {@code Softmax}
 * (last axis) one {@link Softmax}. Any other operator, or a MatMul not followed by its bias Add, is
 * refused: this reader converts exactly the graphs the script writes, nothing more.
 *
 * @param inputs the graph inputs: name and feature width (the batch dimension is dynamic)
 * @param outputs the graph output names, in order
 * @param layers the computation in graph order
 */
public record OnnxMlp(String name, List<Input> inputs, List<String> outputs, List<Layer> layers) {
  public record Input(String name, int width) {}

  public sealed interface Layer permits Dense, Softmax {
    String input();

    String output();
  }

  /** {@code output = relu?(input · weights + bias)}; {@code weights[out][in]}, TFLite's layout. */
  public record Dense(String input, String output, float[][] weights, float[] bias, boolean relu) implements Layer {
    public int in() {
      return weights[0].length;
    }

    public int out() {
      return weights.length;
    }

    public long macs() {
      return (long) in() * out();
    }
  }

  public record Softmax(String input, String output) implements Layer {}

  public static OnnxMlp read(Path file) throws IOException {
    OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    OnnxMl.GraphProto g = model.getGraph();
    Map<String, OnnxMl.TensorProto> inits = new HashMap<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      inits.put(t.getName(), t);
    }
    List<Input> inputs = new ArrayList<>();
    for (OnnxMl.ValueInfoProto v : g.getInputList()) {
      if (!inits.containsKey(v.getName())) {
        List<OnnxMl.TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        inputs.add(new Input(v.getName(), (int) dims.get(dims.size() - 1).getDimValue()));
      }
    }
    List<String> outputs = g.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
    List<Layer> layers = new ArrayList<>();
    List<OnnxMl.NodeProto> nodes = g.getNodeList();
    for (int i = 0; i < nodes.size(); i++) {
      OnnxMl.NodeProto n = nodes.get(i);
      switch (n.getOpType()) {
        case "MatMul" -> {
          OnnxMl.NodeProto add = i + 1 < nodes.size() ? nodes.get(i + 1) : null;
          if (add == null || !add.getOpType().equals("Add") || !add.getInput(0).equals(n.getOutput(0))) {
            throw new IllegalArgumentException(file + ": MatMul " + n.getName() + " is not followed by its bias Add");
          }
          float[][] w = transpose(floats(inits.get(n.getInput(1))), inits.get(n.getInput(1)).getDimsList());
          float[] b = floats(inits.get(add.getInput(1))).clone();
          String out = add.getOutput(0);
          boolean relu = i + 2 < nodes.size() && nodes.get(i + 2).getOpType().equals("Relu")
              && nodes.get(i + 2).getInput(0).equals(out);
          if (relu) {
            out = nodes.get(i + 2).getOutput(0);
          }
          layers.add(new Dense(n.getInput(0), out, w, b, relu));
          i += relu ? 2 : 1;
        }
        case "Softmax" -> layers.add(new Softmax(n.getInput(0), n.getOutput(0)));
        default -> throw new IllegalArgumentException(file + ": unsupported operator " + n.getOpType()
            + " (this converter handles MatMul+Add[+Relu] and Softmax)");
      }
    }
    String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    return new OnnxMlp(name, List.copyOf(inputs), outputs, List.copyOf(layers));
  }

  /** Multiply-accumulates of the dense layers for one input row (bias, ReLU, softmax excluded). */
  public long macs() {
    return layers.stream().mapToLong(l -> l instanceof Dense d ? d.macs() : 0).sum();
  }

  /**
   * Float32 forward pass of a batch: every tensor's values by name, each {@code [row][feature]}.
   * The calibration of the int8 model reads activation ranges from it.
   */
  public Map<String, float[][]> forward(Map<String, float[][]> feeds) {
    Map<String, float[][]> values = new HashMap<>(feeds);
    for (Layer layer : layers) {
      float[][] x = values.get(layer.input());
      float[][] y = new float[x.length][];
      for (int r = 0; r < x.length; r++) {
        y[r] = layer instanceof Dense d ? dense(d, x[r]) : softmax(x[r]);
      }
      values.put(layer.output(), y);
    }
    return values;
  }

  private static float[] dense(Dense d, float[] x) {
    float[] y = new float[d.out()];
    for (int o = 0; o < y.length; o++) {
      float acc = 0;
      float[] w = d.weights()[o];
      for (int i = 0; i < w.length; i++) {
        acc += x[i] * w[i];
      }
      acc += d.bias()[o];
      y[o] = d.relu() ? Math.max(acc, 0f) : acc;
    }
    return y;
  }

  private static float[] softmax(float[] x) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.exp(x[i] - max);
      sum += y[i];
    }
    for (int i = 0; i < x.length; i++) {
      y[i] /= (float) sum;
    }
    return y;
  }

  private static float[] floats(OnnxMl.TensorProto t) {
    if (t == null) {
      throw new IllegalArgumentException("a weight or bias is not an initializer");
    }
    if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
      throw new IllegalArgumentException("initializer " + t.getName() + " is not float32");
    }
    if (!t.getRawData().isEmpty()) {
      ByteBuffer bb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] f = new float[bb.remaining() / 4];
      bb.asFloatBuffer().get(f);
      return f;
    }
    float[] f = new float[t.getFloatDataCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = t.getFloatData(i);
    }
    return f;
  }

  /** ONNX MatMul weights are {@code [in][out]} row-major; TFLite FULLY_CONNECTED wants {@code [out][in]}. */
  private static float[][] transpose(float[] flat, List<Long> dims) {
    int in = dims.get(0).intValue();
    int out = dims.get(1).intValue();
    float[][] w = new float[out][in];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        w[o][i] = flat[i * out + o];
      }
    }
    return w;
  }
}
