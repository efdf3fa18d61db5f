#!/usr/bin/python3
"""Write digits_big_mlp_int8.onnx: the big digits MLP with int8 weights and uint8 activations.

Run from the repository root after models/train_digits.py (which calls it at its end):

    /usr/bin/python3 models/quantize_digits_onnx.py

Debian's python3-onnx has no ONNX Runtime quantizer, so the graph is written by hand in the QDQ
format that ONNX Runtime's quantizer itself emits and its CPU provider fuses into integer kernels
(DequantizeLinear -> Gemm -> [Relu] -> QuantizeLinear becomes one QGemm; a Relu before a
QuantizeLinear whose zero point is 0 is dropped):

* weights int8, symmetric, per tensor (zero point 0, scale = max|w| / 127); biases int32 with
  scale = input scale x weight scale, zero point 0;
* activations uint8, asymmetric (u8s8 is ONNX Runtime's fast path on x86 and arm64); each range
  is the min/max observed over the training split (never validation or test), widened to
  include 0, so a ReLU output has zero point 0;
* float32 input and output, like the TFLite int8 model: x is quantized by the first
  QuantizeLinear; the logits are dequantized and the softmax runs in float32.

The file is checked with the ONNX checker and by a numpy float32 simulation of the QDQ graph,
whose test/validation accuracy and top-1 agreement with the float32 model go into metrics.json
under "big_int8". Only this file and that key are (re)written; the float32 files are read.
"""

import json

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import train_digits as td

SOURCE = "digits_big_mlp.onnx"
TARGET = "digits_big_mlp_int8.onnx"
INT8_MAX = 127
UINT8_MAX = 255


def float_layers(model):
    """(weight [in, out], bias [out]) of each dense layer of a train_digits.py MLP graph, in order."""
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    layers, k = [], 1
    while f"layer{k}.weight" in inits:
        layers.append((inits[f"layer{k}.weight"], inits[f"layer{k}.bias"]))
        k += 1
    return layers


def activation_ranges(layers, features):
    """Float32 (min, max) of the input, every hidden ReLU output and the logits, widened to 0."""
    h = features.astype(np.float32)
    ranges = [(min(0.0, float(h.min())), max(0.0, float(h.max())))]
    for i, (w, b) in enumerate(layers):
        h = h @ w + b
        if i < len(layers) - 1:
            h = np.maximum(h, np.float32(0))
        ranges.append((min(0.0, float(h.min())), max(0.0, float(h.max()))))
    return ranges


def uint8_params(lo, hi):
    """Asymmetric uint8 scale and zero point covering [lo, hi] (lo <= 0 <= hi)."""
    scale = np.float32((hi - lo) / UINT8_MAX)
    zero_point = np.uint8(np.clip(np.rint(-lo / scale), 0, UINT8_MAX))
    return scale, zero_point


def qdq(name, source, scale, zero_point):
    """QuantizeLinear then DequantizeLinear of `source`; returns nodes, initializers, output name."""
    s, z = f"{name}.scale", f"{name}.zero_point"
    nodes = [helper.make_node("QuantizeLinear", [source, s, z], [f"{name}.q"], name=f"{name}.Quantize"),
             helper.make_node("DequantizeLinear", [f"{name}.q", s, z], [f"{name}.dq"],
                              name=f"{name}.Dequantize")]
    inits = [numpy_helper.from_array(np.asarray(scale, np.float32), s),
             numpy_helper.from_array(np.asarray(zero_point, np.uint8), z)]
    return nodes, inits, f"{name}.dq"


def constant_dq(name, values, scale, dtype):
    """A quantized initializer and the DequantizeLinear that turns it back into float32."""
    q, s, z = f"{name}.quantized", f"{name}.scale", f"{name}.zero_point"
    node = helper.make_node("DequantizeLinear", [q, s, z], [name], name=f"{name}.Dequantize")
    inits = [numpy_helper.from_array(values.astype(dtype), q),
             numpy_helper.from_array(np.asarray(scale, np.float32), s),
             numpy_helper.from_array(np.zeros((), dtype), z)]
    return node, inits


def quantized_mlp(layers, ranges):
    """The QDQ graph x[N,64] -> probs[N,10] and a description of its quantization parameters."""
    nodes, inits, params = [], [], []
    in_scale, in_zp = uint8_params(*ranges[0])
    x_scale = in_scale
    q_nodes, q_inits, source = qdq("x", "x", in_scale, in_zp)
    nodes += q_nodes
    inits += q_inits
    for i, (w, b) in enumerate(layers):
        name, last = f"layer{i + 1}", i == len(layers) - 1
        w_scale = np.float32(np.abs(w).max() / INT8_MAX)
        w_q = np.clip(np.rint(w / w_scale), -INT8_MAX, INT8_MAX)
        b_scale = np.float32(in_scale * w_scale)
        b_q = np.rint(b / b_scale)
        for node_inits in (constant_dq(f"{name}.weight", w_q, w_scale, np.int8),
                           constant_dq(f"{name}.bias", b_q, b_scale, np.int32)):
            nodes.append(node_inits[0])
            inits += node_inits[1]
        out = f"{name}.logits" if last else f"{name}.linear"
        nodes.append(helper.make_node("Gemm", [source, f"{name}.weight", f"{name}.bias"], [out],
                                      name=f"{name}.Gemm"))
        if not last:
            nodes.append(helper.make_node("Relu", [out], [f"{name}.relu"], name=f"{name}.Relu"))
            out = f"{name}.relu"
        out_scale, out_zp = uint8_params(*ranges[i + 1])
        q_nodes, q_inits, source = qdq(f"{name}.out", out, out_scale, out_zp)
        nodes += q_nodes
        inits += q_inits
        params.append({"layer": i + 1, "weight_scale": float(w_scale), "bias_scale": float(b_scale),
                       "output_range": list(ranges[i + 1]), "output_scale": float(out_scale),
                       "output_zero_point": int(out_zp)})
        in_scale = out_scale
    nodes.append(td.softmax("output", source, "probs"))
    model = td.finish_model("digits_big_mlp_int8",
                            "digits ReLU MLP, int8 weights / uint8 activations (QDQ), calibrated on "
                            "the training split; input x: pixel/16.0 float32 [N,64]; output probs "
                            "[N,10]", nodes, inits, [td.tensor("x", td.N_FEATURES)],
                            [td.tensor("probs", td.N_CLASSES)])
    return model, {"activations": "uint8 asymmetric, per tensor, min/max over the training split",
                   "weights": "int8 symmetric, per tensor", "biases": "int32, scale = in x weight",
                   "input_range": list(ranges[0]), "input_scale": float(x_scale),
                   "input_zero_point": int(in_zp), "layers": params}


def simulate(model, features):
    """Float32 numpy evaluation of the QDQ graph, as the ONNX operator definitions specify it."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values["x"] = features.astype(np.float32)
    for node in model.graph.node:
        args = [values[name] for name in node.input]
        if node.op_type == "QuantizeLinear":
            info = np.iinfo(args[2].dtype)
            result = np.clip(np.rint(args[0] / args[1]) + args[2].astype(np.int64),
                             info.min, info.max).astype(args[2].dtype)
        elif node.op_type == "DequantizeLinear":
            result = ((args[0].astype(np.int64) - args[2].astype(np.int64)).astype(np.float32)
                      * args[1]).astype(np.float32)
        elif node.op_type == "Gemm":
            result = (args[0] @ args[1] + args[2]).astype(np.float32)
        elif node.op_type == "Relu":
            result = np.maximum(args[0], np.float32(0))
        elif node.op_type == "Softmax":
            shifted = np.exp(args[0] - args[0].max(axis=-1, keepdims=True))
            result = (shifted / shifted.sum(axis=-1, keepdims=True)).astype(np.float32)
        else:
            raise ValueError(f"unexpected operator {node.op_type}")
        values[node.output[0]] = result
    return values["probs"]


def main():
    features, labels = td.load_digits()
    split_file = json.loads((td.DATA_DIR / "split.json").read_text())
    split = {k: np.asarray(split_file[k]) for k in ("train", "validation", "test")}
    fp32_model = td.onnx.load(str(td.DATA_DIR / SOURCE))
    layers = float_layers(fp32_model)
    ranges = activation_ranges(layers, features[split["train"]])
    model, params = quantized_mlp(layers, ranges)
    path, model = td.save(model, TARGET)
    probs = simulate(model, features)
    fp32_probs = td.run_onnx(fp32_model, {"x": features})["probs"]
    test = split["test"]
    agreement = float(np.mean(probs[test].argmax(axis=1) == fp32_probs[test].argmax(axis=1)))
    shapes = [w.shape for w, _ in layers]
    record = td.file_record(path, model, probs, labels, split, shapes, {
        "model": f"{SOURCE}, QDQ int8 weights / uint8 activations", "quantization": params,
        "test_top1_agreement_with_fp32": agreement,
        "fp32_test_accuracy": td.accuracy(fp32_probs[test], labels[test])})
    metrics_path = td.DATA_DIR / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["big_int8"] = record
    td.write_json(metrics_path, metrics)
    print(f"{TARGET:26s} test {record['test_accuracy']:.4f} (fp32 {record['fp32_test_accuracy']:.4f}, "
          f"top-1 agreement {agreement:.4f})  {record['bytes']:>8d} B  {record['sha256'][:16]}")


if __name__ == "__main__":
    main()
