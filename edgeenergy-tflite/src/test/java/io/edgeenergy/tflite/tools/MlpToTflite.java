package io.edgeenergy.tflite.tools;

import io.edgeenergy.tflite.tools.OnnxMlp.Dense;
import io.edgeenergy.tflite.tools.OnnxMlp.Layer;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Writes an {@link OnnxMlp} as a TensorFlow Lite model, the way TensorFlow Lite's own converter
 * lowers a dense network: one FULLY_CONNECTED per {@code MatMul+Add} (ReLU fused as its activation),
 * one SOFTMAX (beta 1). Tensor names are kept, so inputs and outputs are named as in the ONNX file.
 *
 * <p><b>Full-integer int8</b> ({@link #int8}): the recipe of TensorFlow Lite's post-training
 * full-integer quantization. Weights are int8, symmetric, per tensor (zero point 0, scale =
 * max|w| / 127); biases int32 with scale = input scale × weight scale; every activation is int8,
 * asymmetric, with the range observed on calibration data (the training split) widened to include 0;
 * the softmax output has TensorFlow Lite's fixed int8 parameters (scale 1/256, zero point −128).
 * Inputs and outputs stay float32: a QUANTIZE after each input and a DEQUANTIZE before each output,
 * so callers feed the same pixels to both models.
 */
public final class MlpToTflite {
  private static final float SOFTMAX_SCALE = 1f / 256f;
  private static final int SOFTMAX_ZERO_POINT = -128;

  private MlpToTflite() {}

  public static byte[] float32(OnnxMlp mlp) {
    TfliteModelWriter g = new TfliteModelWriter();
    Map<String, Integer> ids = new HashMap<>();
    int[] in = new int[mlp.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      OnnxMlp.Input input = mlp.inputs().get(i);
      in[i] = g.tensor(input.name(), TensorType.FLOAT32, new int[] {1, input.width()}, true, null);
      ids.put(input.name(), in[i]);
    }
    for (Layer layer : mlp.layers()) {
      int src = ids.get(layer.input());
      if (layer instanceof Dense d) {
        int w = g.constantFloats(layer.output() + ".weight", new int[] {d.out(), d.in()}, flatten(d.weights()));
        int b = g.constantFloats(layer.output() + ".bias", new int[] {d.out()}, d.bias());
        int out = g.tensor(layer.output(), TensorType.FLOAT32, new int[] {1, d.out()}, true, null);
        g.op(BuiltinOperator.FULLY_CONNECTED, 1, fcOptions(d.relu()), new int[] {src, w, b}, new int[] {out});
        ids.put(layer.output(), out);
      } else {
        int width = widthOf(mlp, layer.input());
        int out = g.tensor(layer.output(), TensorType.FLOAT32, new int[] {1, width}, true, null);
        g.op(BuiltinOperator.SOFTMAX, 1, softmaxOptions(), new int[] {src}, new int[] {out});
        ids.put(layer.output(), out);
      }
    }
    g.inputs(in);
    g.outputs(mlp.outputs().stream().mapToInt(ids::get).toArray());
    return g.build(mlp.name() + " (float32), converted from ONNX by edgeenergy's MlpToTflite");
  }

  /**
   * The full-integer int8 model; {@code calibration} holds float input rows (the training split) for
   * each input name.
   */
  public static byte[] int8(OnnxMlp mlp, Map<String, float[][]> calibration) {
    Map<String, float[][]> values = mlp.forward(calibration);
    TfliteModelWriter g = new TfliteModelWriter();
    Map<String, Integer> ids = new HashMap<>();
    Map<String, float[]> qparams = new HashMap<>(); // name -> {scale, zeroPoint}
    int[] in = new int[mlp.inputs().size()];
    for (int i = 0; i < in.length; i++) {
      OnnxMlp.Input input = mlp.inputs().get(i);
      int[] shape = {1, input.width()};
      in[i] = g.tensor(input.name(), TensorType.FLOAT32, shape, true, null);
      float[] q = range(values.get(input.name()));
      int qin = g.tensor(input.name() + "_int8", TensorType.INT8, shape, true, TfliteModelWriter.quantization(q[0], (long) q[1]));
      g.op(BuiltinOperator.QUANTIZE, 2, null, new int[] {in[i]}, new int[] {qin});
      ids.put(input.name(), qin);
      qparams.put(input.name(), q);
    }
    for (Layer layer : mlp.layers()) {
      int src = ids.get(layer.input());
      float[] qi = qparams.get(layer.input());
      String outName = mlp.outputs().contains(layer.output()) ? layer.output() + "_int8" : layer.output();
      float[] qo;
      if (layer instanceof Dense d) {
        float wScale = maxAbs(d.weights()) / 127f;
        byte[] w = new byte[d.out() * d.in()];
        for (int o = 0; o < d.out(); o++) {
          for (int k = 0; k < d.in(); k++) {
            w[o * d.in() + k] = (byte) Math.max(-127, Math.min(127, Math.round(d.weights()[o][k] / wScale)));
          }
        }
        float bScale = qi[0] * wScale;
        int[] b = new int[d.out()];
        for (int o = 0; o < b.length; o++) {
          b[o] = Math.round(d.bias()[o] / bScale);
        }
        int wt = g.constant(layer.output() + ".weight", TensorType.INT8, new int[] {d.out(), d.in()}, w,
            TfliteModelWriter.quantization(wScale, 0));
        int bt = g.constantInts(layer.output() + ".bias", new int[] {d.out()}, b, TfliteModelWriter.quantization(bScale, 0));
        qo = range(values.get(layer.output()));
        int out = g.tensor(outName, TensorType.INT8, new int[] {1, d.out()}, true,
            TfliteModelWriter.quantization(qo[0], (long) qo[1]));
        g.op(BuiltinOperator.FULLY_CONNECTED, 4, fcOptions(d.relu()), new int[] {src, wt, bt}, new int[] {out});
        ids.put(layer.output(), out);
      } else {
        qo = new float[] {SOFTMAX_SCALE, SOFTMAX_ZERO_POINT};
        int out = g.tensor(outName, TensorType.INT8, new int[] {1, widthOf(mlp, layer.input())}, true,
            TfliteModelWriter.quantization(SOFTMAX_SCALE, SOFTMAX_ZERO_POINT));
        g.op(BuiltinOperator.SOFTMAX, 2, softmaxOptions(), new int[] {src}, new int[] {out});
        ids.put(layer.output(), out);
      }
      qparams.put(layer.output(), qo);
    }
    int[] out = new int[mlp.outputs().size()];
    for (int i = 0; i < out.length; i++) {
      String name = mlp.outputs().get(i);
      int width = widthOf(mlp, name);
      out[i] = g.tensor(name, TensorType.FLOAT32, new int[] {1, width}, true, null);
      g.op(BuiltinOperator.DEQUANTIZE, 2, null, new int[] {ids.get(name)}, new int[] {out[i]});
    }
    g.inputs(in);
    g.outputs(out);
    return g.build(mlp.name() + " (full-integer int8: int8 weights and activations, float32 I/O), converted"
        + " from ONNX and calibrated on the digits training split by edgeenergy's MlpToTflite");
  }

  /** {scale, zeroPoint} of asymmetric int8 covering the observed range of {@code rows} and 0. */
  static float[] range(float[][] rows) {
    float min = 0;
    float max = 0;
    for (float[] r : rows) {
      for (float v : r) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (max == min) {
      max = min + 1e-6f;
    }
    float scale = (max - min) / 255f;
    int zp = Math.max(-128, Math.min(127, Math.round(-128 - min / scale)));
    return new float[] {scale, zp};
  }

  private static int widthOf(OnnxMlp mlp, String tensor) {
    for (OnnxMlp.Input in : mlp.inputs()) {
      if (in.name().equals(tensor)) {
        return in.width();
      }
    }
    int width = -1;
    for (Layer l : mlp.layers()) {
      if (l instanceof Dense d && d.output().equals(tensor)) {
        return d.out();
      }
      if (l.output().equals(tensor)) {
        width = widthOf(mlp, l.input());
      }
    }
    if (width < 0) {
      throw new IllegalArgumentException("no tensor " + tensor + " in " + mlp.name());
    }
    return width;
  }

  private static float maxAbs(float[][] w) {
    float m = 0;
    for (float[] row : w) {
      for (float v : row) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  private static float[] flatten(float[][] w) {
    float[] f = new float[w.length * w[0].length];
    for (int o = 0; o < w.length; o++) {
      System.arraycopy(w[o], 0, f, o * w[0].length, w[0].length);
    }
    return f;
  }

  private static org.tensorflow.lite.schema.BuiltinOptionsUnion fcOptions(boolean relu) {
    FullyConnectedOptionsT o = new FullyConnectedOptionsT();
    o.setFusedActivationFunction(relu ? ActivationFunctionType.RELU : ActivationFunctionType.NONE);
    return TfliteModelWriter.options(BuiltinOptions.FullyConnectedOptions, o);
  }

  private static org.tensorflow.lite.schema.BuiltinOptionsUnion softmaxOptions() {
    SoftmaxOptionsT o = new SoftmaxOptionsT();
    o.setBeta(1f);
    return TfliteModelWriter.options(BuiltinOptions.SoftmaxOptions, o);
  }
}
