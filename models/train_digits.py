#!/usr/bin/python3
"""Train and export the digits models used by the edgeenergy examples, tests and benchmarks.

Run from the repository root (Debian: apt-get install python3-numpy python3-sklearn python3-onnx):

    /usr/bin/python3 models/train_digits.py

Everything under models/digits/ except the data file and its license is rewritten:

* split.json                 train / validation / test row indices (0-based rows of digits.csv.gz)
* digits_tiny_logreg.onnx    tier 0: multinomial logistic regression 64 -> 10
* digits_tiny_logreg_weights.txt  its weights as text, for the demo's plain-Java tier 0
* digits_big_mlp.onnx        tier 1: ReLU MLP, the architecture chosen on the validation split
* digits_exit_segK.onnx      the same MLP cut into segments, each non-final one with an exit head
* metrics.json               accuracies, sizes, MACs, hashes, cascade and early-exit tables
* digits_big_mlp_int8.onnx   the big MLP quantized (QDQ, int8/uint8), by quantize_digits_onnx.py

Model input: pixel / 16.0 as float32, shape [N, 64], the 8x8 image in row-major order.
Model output: `probs`, float32 [N, 10], softmax probabilities of the digits 0..9.

The test split is held out: it is used only for reporting, never for a choice. Every choice
(the regularization of the logistic regressions, the MLP architecture, and later the thresholds
in Java) is made on the validation split. The run is deterministic: fixed seeds, single-threaded
BLAS, no dependence on hash order.
"""

import os

# Single-threaded BLAS makes every floating-point reduction run in one fixed order, so the
# weights, and therefore the ONNX files, are bit-identical from run to run. Set before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import hashlib
import json
import re
import warnings
from pathlib import Path

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

MODELS_DIR = Path(__file__).resolve().parent
DATA_DIR = MODELS_DIR / "digits"
DATA_FILE = DATA_DIR / "digits.csv.gz"

SEED = 0
TEST_FRACTION = 0.30          # of all rows, held out for reporting only
VALIDATION_FRACTION = 0.20    # of the remaining rows, for model choice and threshold calibration
PIXEL_MAX = 16.0
N_FEATURES = 64
N_CLASSES = 10

LOGREG_C_GRID = (0.1, 1.0, 10.0, 100.0)
MLP_CANDIDATES = ((256, 256), (512, 512), (1024, 1024), (1024, 1024, 1024))
MLP_SELECTION_SEEDS = (0, 1, 2)   # candidates are compared on mean validation accuracy over these
MLP_MAX_ITER = 1000
# The big tier exists to be expensive relative to the tiny one: its arithmetic must clearly
# dominate ONNX Runtime Java's ~5 us per-call floor (measured: 64-256-256-10, 84k MACs, costs
# only ~1.7x the logistic regression per call). Smaller candidates are reported, not chosen.
MIN_BIG_MACS = 250_000
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99)

OPSET = 13
IR_VERSION = 8                # readable by ONNX Runtime >= 1.10, including 1.23
MAX_ABS_DIFF = 1e-5
PRODUCER = "edgeenergy models/train_digits.py"


# ----------------------------------------------------------------------------------------- data

def load_digits():
    """Read digits.csv.gz: 1797 rows of 64 pixel counts (0..16) followed by the label (0..9)."""
    table = np.loadtxt(DATA_FILE, delimiter=",")
    if table.shape[1] != N_FEATURES + 1:
        raise ValueError(f"{DATA_FILE}: expected {N_FEATURES + 1} columns, got {table.shape[1]}")
    pixels, labels = table[:, :N_FEATURES], table[:, N_FEATURES]
    if not (np.all(pixels == np.round(pixels)) and pixels.min() >= 0 and pixels.max() <= PIXEL_MAX):
        raise ValueError(f"{DATA_FILE}: pixels must be integers in 0..{PIXEL_MAX:.0f}")
    return pixels / PIXEL_MAX, labels.astype(np.int64)


def make_split(labels):
    """Stratified split: 30 % test, then 20 % of the rest validation, the remainder train."""
    rows = np.arange(len(labels))
    rest, test = train_test_split(rows, test_size=TEST_FRACTION, stratify=labels,
                                  random_state=SEED)
    train, validation = train_test_split(rest, test_size=VALIDATION_FRACTION,
                                         stratify=labels[rest], random_state=SEED)
    return {"train": np.sort(train), "validation": np.sort(validation), "test": np.sort(test)}


# ------------------------------------------------------------------------------------- training

def fit_logreg(features, labels, split):
    """Multinomial logistic regression; C from LOGREG_C_GRID by validation accuracy.

    Returns the model and {C: validation accuracy}. Ties go to the smaller C (more regularized).
    """
    scores, best = {}, None
    for c in LOGREG_C_GRID:
        model = LogisticRegression(C=c, max_iter=20000)
        fit_converged(model, features[split["train"]], labels[split["train"]])
        scores[c] = model.score(features[split["validation"]], labels[split["validation"]])
        if best is None or scores[c] > scores[best.C]:
            best = model
    return best, scores


def train_mlp(hidden, seed, features, labels, split):
    """ReLU MLP trained with Adam on the train split only (no early stopping)."""
    model = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam",
                          early_stopping=False, max_iter=MLP_MAX_ITER, random_state=seed)
    return fit_converged(model, features[split["train"]], labels[split["train"]])


def fit_converged(model, features, labels):
    """Fit, turning a ConvergenceWarning into an error: every exported model must converge."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return model.fit(features, labels)


def select_mlp(features, labels, split):
    """Choose the big MLP among MLP_CANDIDATES on the validation split.

    Each candidate is trained with every seed in MLP_SELECTION_SEEDS and scored by its mean
    validation accuracy. Candidates below MIN_BIG_MACS are reported but not eligible. Among the
    eligible ones, every candidate less than one validation example (1/n) below the best mean
    counts as tied with it, and the tied candidate with the fewest parameters wins.
    Returns the winner's model trained with random_state=SEED and one record per candidate.
    """
    n_validation = len(split["validation"])
    records, models = [], {}
    for hidden in MLP_CANDIDATES:
        accuracies = []
        for seed in MLP_SELECTION_SEEDS:
            model = train_mlp(hidden, seed, features, labels, split)
            if seed == SEED:
                models[hidden] = model
            accuracies.append(model.score(features[split["validation"]],
                                          labels[split["validation"]]))
            print(f"  candidate {hidden} seed {seed}: validation {accuracies[-1]:.4f}, "
                  f"{model.n_iter_} epochs", flush=True)
        layers = dense_shapes(hidden)
        records.append({"hidden": list(hidden),
                        "validation_accuracy_per_seed": accuracies,
                        "validation_accuracy_mean": float(np.mean(accuracies)),
                        "params": count_params(layers), "macs": count_macs(layers),
                        "eligible": count_macs(layers) >= MIN_BIG_MACS})
    eligible = [r for r in records if r["eligible"]]
    best_mean = max(r["validation_accuracy_mean"] for r in eligible)
    tied = [r for r in eligible
            if best_mean - r["validation_accuracy_mean"] < 1.0 / n_validation - 1e-12]
    chosen = min(tied, key=lambda r: r["params"])
    for record in records:
        record["chosen"] = record is chosen
    return models[tuple(chosen["hidden"])], records


def hidden_activations(mlp, features):
    """ReLU activations of every hidden layer of a fitted MLPClassifier, in order."""
    activations, h = [], features
    for weights, bias in zip(mlp.coefs_[:-1], mlp.intercepts_[:-1]):
        h = np.maximum(h @ weights + bias, 0.0)
        activations.append(h)
    return activations


# ------------------------------------------------------------------------------- ONNX building

def dense_shapes(hidden):
    """(fan_in, fan_out) of each dense layer of a 64 -> hidden... -> 10 MLP."""
    sizes = (N_FEATURES, *hidden, N_CLASSES)
    return list(zip(sizes[:-1], sizes[1:]))


def count_params(shapes):
    return int(sum(i * o + o for i, o in shapes))


def count_macs(shapes):
    """Multiply-accumulates of the matrix products for one input row (bias, ReLU, softmax excluded)."""
    return int(sum(i * o for i, o in shapes))


def dense(name, source, weights, bias, relu, output=None):
    """Nodes and initializers of `source @ weights + bias`, optionally followed by ReLU.

    The result tensor is called `output` if given, else derived from `name`; it is returned.
    """
    w, b = f"{name}.weight", f"{name}.bias"
    out = output or f"{name}.out"
    linear = f"{name}.linear" if relu else out
    nodes = [helper.make_node("MatMul", [source, w], [f"{name}.matmul"], name=f"{name}.MatMul"),
             helper.make_node("Add", [f"{name}.matmul", b], [linear], name=f"{name}.Add")]
    if relu:
        nodes.append(helper.make_node("Relu", [linear], [out], name=f"{name}.Relu"))
    inits = [numpy_helper.from_array(np.asarray(weights, np.float32), w),
             numpy_helper.from_array(np.asarray(bias, np.float32), b)]
    return nodes, inits, out


def softmax(name, source, output):
    return helper.make_node("Softmax", [source], [output], axis=-1, name=f"{name}.Softmax")


def tensor(name, width):
    """float32 [N, width] with a dynamic batch dimension named N."""
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", width])


def finish_model(graph_name, doc, nodes, inits, inputs, outputs):
    """Wrap a graph into an opset-13, IR-8 model and run the ONNX checker on it."""
    graph = helper.make_graph(nodes, graph_name, inputs, outputs, initializer=inits)
    model = helper.make_model(graph, producer_name=PRODUCER, doc_string=doc,
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def logreg_onnx(logreg, input_name, graph_name, doc):
    """x[N,64] -> probs[N,10] for a fitted multinomial LogisticRegression."""
    nodes, inits, logits = dense("logreg", input_name, logreg.coef_.T, logreg.intercept_, False)
    nodes.append(softmax("logreg", logits, "probs"))
    width = logreg.coef_.shape[1]
    return finish_model(graph_name, doc, nodes, inits, [tensor(input_name, width)],
                        [tensor("probs", N_CLASSES)])


def mlp_layers(mlp, first, last, source, output=None):
    """Nodes and initializers of the MLP's dense layers first..last-1 (ReLU on hidden layers).

    The last layer's result is called `output` if given.
    """
    nodes, inits = [], []
    n_layers = len(mlp.coefs_)
    for k in range(first, last):
        layer_nodes, layer_inits, source = dense(f"layer{k + 1}", source, mlp.coefs_[k],
                                                 mlp.intercepts_[k], relu=k < n_layers - 1,
                                                 output=output if k == last - 1 else None)
        nodes += layer_nodes
        inits += layer_inits
    return nodes, inits, source


def mlp_onnx(mlp, doc):
    """x[N,64] -> probs[N,10]: the whole MLP in one graph."""
    nodes, inits, logits = mlp_layers(mlp, 0, len(mlp.coefs_), "x")
    nodes.append(softmax("output", logits, "probs"))
    return finish_model("digits_big_mlp", doc, nodes, inits, [tensor("x", N_FEATURES)],
                        [tensor("probs", N_CLASSES)])


def segment_onnx(mlp, heads, k, doc):
    """Segment k (1-based) of the multi-exit model built from the MLP's own weights.

    With H hidden layers there are H segments. Segment k < H computes hidden layer k and its
    exit head: -> hidden[N, width_k], probs[N, 10]. The last segment computes the last hidden
    layer and the MLP's own output layer, so its probs equal the big model's. Each segment has
    one input: x for segment 1, else the previous segment's hidden state, named `hidden` (or
    `hidden_in` in a middle segment, whose output already holds the name `hidden`).
    """
    n_hidden = len(mlp.coefs_) - 1
    source = "x" if k == 1 else "hidden" if k == n_hidden else "hidden_in"
    width_in = mlp.coefs_[k - 1].shape[0]
    if k < n_hidden:
        nodes, inits, hidden = mlp_layers(mlp, k - 1, k, source, output="hidden")
        head = heads[k - 1]
        head_nodes, head_inits, logits = dense(f"exit{k}", hidden, head.coef_.T,
                                               head.intercept_, False)
        nodes += head_nodes + [softmax(f"exit{k}", logits, "probs")]
        inits += head_inits
        outputs = [tensor("hidden", mlp.coefs_[k - 1].shape[1]), tensor("probs", N_CLASSES)]
    else:
        nodes, inits, logits = mlp_layers(mlp, k - 1, n_hidden + 1, source)
        nodes.append(softmax("output", logits, "probs"))
        outputs = [tensor("probs", N_CLASSES)]
    return finish_model(f"digits_exit_seg{k}", doc, nodes, inits,
                        [tensor(source, width_in)], outputs)


# ------------------------------------------------------------------------------- verification

def run_onnx(model, feeds):
    """Evaluate one of our graphs with numpy in float32 (MatMul, Add, Relu, Softmax only)."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update({name: np.asarray(v, np.float32) for name, v in feeds.items()})
    for node in model.graph.node:
        args = [values[name] for name in node.input]
        if node.op_type == "MatMul":
            result = args[0] @ args[1]
        elif node.op_type == "Add":
            result = args[0] + args[1]
        elif node.op_type == "Relu":
            result = np.maximum(args[0], np.float32(0))
        elif node.op_type == "Softmax":
            shifted = np.exp(args[0] - args[0].max(axis=-1, keepdims=True))
            result = shifted / shifted.sum(axis=-1, keepdims=True)
        else:
            raise ValueError(f"unexpected operator {node.op_type}")
        values[node.output[0]] = result.astype(np.float32)
    return {out.name: values[out.name] for out in model.graph.output}


def check_close(what, onnx_probs, reference_probs):
    """The ONNX graph must reproduce the sklearn probabilities within MAX_ABS_DIFF."""
    diff = float(np.max(np.abs(onnx_probs - reference_probs)))
    if diff >= MAX_ABS_DIFF:
        raise AssertionError(f"{what}: max |onnx - sklearn| = {diff:.3g} >= {MAX_ABS_DIFF}")
    return diff


def export_segments(mlp, features, labels, split):
    """Fit the exit heads, write digits_exit_seg*.onnx and check them against sklearn.

    Exit head k is a logistic regression on hidden layer k's frozen activations (train split).
    Returns the segments' metric records, each exit's probabilities for every row (ONNX, float32)
    and the MACs needed to reach each exit.
    """
    hidden = mlp.hidden_layer_sizes
    shapes = dense_shapes(hidden)
    activations = hidden_activations(mlp, features)
    heads = [fit_logreg(h, labels, split) for h in activations[:-1]]
    for stale in DATA_DIR.glob("digits_exit_seg*.onnx"):
        stale.unlink()
    records, exit_probs, cumulative_macs = [], [], []
    state = features
    for k in range(1, len(hidden) + 1):
        final = k == len(hidden)
        doc = (f"digits multi-exit segment {k} of {len(hidden)} "
               f"(MLP 64-{'-'.join(map(str, hidden))}-10)")
        path, model = save(segment_onnx(mlp, [h for h, _ in heads], k, doc),
                           f"digits_exit_seg{k}.onnx")
        outputs = run_onnx(model, {model.graph.input[0].name: state})
        extra = {"exit": k, "final": final}
        if final:
            reference = mlp.predict_proba(features)
            seg_shapes = shapes[k - 1:]
        else:
            head, c_scores = heads[k - 1]
            reference = head.predict_proba(activations[k - 1])
            check_close(f"segment {k} hidden", outputs["hidden"], activations[k - 1])
            seg_shapes = [shapes[k - 1], (hidden[k - 1], N_CLASSES)]
            state = outputs["hidden"]
            extra.update({"exit_head_C": head.C, "exit_head_validation_accuracy_by_C":
                          {str(c): a for c, a in c_scores.items()}})
        extra["max_abs_diff_vs_sklearn"] = check_close(f"segment {k}", outputs["probs"],
                                                       reference)
        # Reaching exit k runs segments 1..k in full, earlier exit heads included.
        cumulative_macs.append(count_macs(seg_shapes) + (cumulative_macs[-1] if k > 1 else 0))
        extra["macs_to_reach_exit"] = cumulative_macs[-1]
        exit_probs.append(outputs["probs"])
        records.append(file_record(path, model, outputs["probs"], labels, split, seg_shapes,
                                   extra))
    return records, exit_probs, cumulative_macs


# ------------------------------------------------------------------------------------ metrics

def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def accuracy(probs, labels):
    return float(np.mean(np.argmax(probs, axis=1) == labels))


def tensor_specs(model):
    def spec(value):
        dims = [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]
        return {"name": value.name, "dtype": "float32", "shape": dims}
    return {"inputs": [spec(v) for v in model.graph.input],
            "outputs": [spec(v) for v in model.graph.output]}


def file_record(path, model, probs, labels, split, shapes, extra=None):
    """Metrics of one ONNX file: accuracies of its `probs`, size, hash, params, MACs, tensors."""
    record = {"file": path.name,
              "test_accuracy": accuracy(probs[split["test"]], labels[split["test"]]),
              "validation_accuracy": accuracy(probs[split["validation"]],
                                              labels[split["validation"]]),
              "params": count_params(shapes), "macs": count_macs(shapes),
              "bytes": path.stat().st_size, "sha256": sha256(path)}
    record.update(extra or {})
    record.update(tensor_specs(model))
    return record


def cascade_table(tiny_probs, big_probs, labels, tiny_macs, big_macs):
    """Tiny -> big cascade: keep the tiny answer when its max probability >= t, else run big."""
    rows = []
    for t in THRESHOLDS:
        escalate = tiny_probs.max(axis=1) < t
        answer = np.where(escalate, big_probs.argmax(axis=1), tiny_probs.argmax(axis=1))
        rows.append({"threshold": t, "accuracy": float(np.mean(answer == labels)),
                     "fraction_escalated": float(np.mean(escalate)),
                     "mean_macs": float(tiny_macs + np.mean(escalate) * big_macs)})
    return rows


def early_exit_table(exit_probs, labels, cumulative_macs):
    """Exit at the first segment whose head has max probability >= t; the last always exits."""
    rows = []
    n_exits = len(exit_probs)
    for t in THRESHOLDS:
        exit_at = np.full(len(labels), n_exits - 1)
        for k in reversed(range(n_exits - 1)):
            exit_at[exit_probs[k].max(axis=1) >= t] = k
        answer = np.choose(exit_at, [p.argmax(axis=1) for p in exit_probs])
        fractions = [float(np.mean(exit_at == k)) for k in range(n_exits)]
        rows.append({"threshold": t, "accuracy": float(np.mean(answer == labels)),
                     "fraction_exiting": fractions,
                     "mean_macs": float(np.dot(fractions, cumulative_macs))})
    return rows


def rounded(value):
    """Round floats to 6 significant digits for stable, readable JSON."""
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def export_linear_weights(model, name, path):
    """The `name` dense layer of a saved ONNX model as text, for the Java function tier of the demo.

    Line 1: a comment; line 2: the bias (one float per output); then one line per input feature with
    its weights (one float per output). Each float is the shortest decimal that parses back to the
    same float32, so Java computes with the ONNX file's exact weights.
    """
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    weights, bias = inits[f"{name}.weight"], inits[f"{name}.bias"]
    rows = [" ".join(str(np.float32(v)) for v in row) for row in [bias, *weights]]
    path.write_text(f"# {name}: x[{weights.shape[0]}] @ W[{weights.shape[0]}x{weights.shape[1]}] + b, from "
                    f"{model.graph.name}.onnx (models/train_digits.py); line 2 is b, then one line per input\n"
                    + "\n".join(rows) + "\n")


def write_json(path, obj):
    """Indented JSON with every list of scalars kept on one line."""
    text = json.dumps(rounded(obj), indent=1)
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]",
                  text)
    path.write_text(text + "\n")


# --------------------------------------------------------------------------------------- main

def save(model, name):
    path = DATA_DIR / name
    onnx.save(model, str(path))
    onnx.checker.check_model(str(path), full_check=True)
    return path, onnx.load(str(path))


def main():
    features, labels = load_digits()
    split = make_split(labels)
    write_json(DATA_DIR / "split.json",
               {"source": DATA_FILE.name, "seed": SEED, "test_fraction": TEST_FRACTION,
                "validation_fraction_of_rest": VALIDATION_FRACTION,
                **{k: v.tolist() for k, v in split.items()}})
    print(f"rows: train {len(split['train'])}, validation {len(split['validation'])}, "
          f"test {len(split['test'])}")
    input_doc = "input x: pixel/16.0 float32 [N,64], row-major 8x8; output probs: softmax [N,10]"

    # Tier 0: logistic regression.
    tiny, tiny_c_scores = fit_logreg(features, labels, split)
    tiny_path, tiny_model = save(logreg_onnx(tiny, "x", "digits_tiny_logreg",
                                             "digits multinomial logistic regression; "
                                             + input_doc), "digits_tiny_logreg.onnx")
    tiny_probs = run_onnx(tiny_model, {"x": features})["probs"]
    export_linear_weights(tiny_model, "logreg", DATA_DIR / "digits_tiny_logreg_weights.txt")
    tiny_diff = check_close("tiny", tiny_probs, tiny.predict_proba(features))

    # Tier 1: the MLP architecture chosen on validation, trained with seed SEED.
    print(f"MLP candidates (validation accuracy, seeds {list(MLP_SELECTION_SEEDS)}):")
    mlp, candidates = select_mlp(features, labels, split)
    hidden = mlp.hidden_layer_sizes
    mlp_shapes = dense_shapes(hidden)
    big_path, big_model = save(mlp_onnx(mlp, f"digits ReLU MLP 64-{'-'.join(map(str, hidden))}"
                                        f"-10; {input_doc}"), "digits_big_mlp.onnx")
    big_probs = run_onnx(big_model, {"x": features})["probs"]
    big_diff = check_close("big", big_probs, mlp.predict_proba(features))

    # Multi-exit segments of the same MLP.
    segments, exit_probs, cumulative_macs = export_segments(mlp, features, labels, split)
    if not np.array_equal(exit_probs[-1], big_probs):
        raise AssertionError("final segment must reproduce the big model exactly")

    validation = split["validation"]
    metrics = {
        "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__,
                     "onnx": onnx.__version__, "opset": OPSET, "ir_version": IR_VERSION},
        "data": {"file": DATA_FILE.name, "sha256": sha256(DATA_FILE), "rows": len(labels),
                 **{f"{k}_rows": len(v) for k, v in split.items()}},
        "input": "pixel/16.0 as float32 [N,64], row-major 8x8",
        "tiny": file_record(tiny_path, tiny_model, tiny_probs, labels, split,
                            dense_shapes(()), {
                                "model": "LogisticRegression(multinomial)", "C": tiny.C,
                                "validation_accuracy_by_C": {str(c): a for c, a in
                                                             tiny_c_scores.items()},
                                "max_abs_diff_vs_sklearn": tiny_diff}),
        "big": file_record(big_path, big_model, big_probs, labels, split, mlp_shapes, {
            "model": "MLPClassifier(relu, adam)", "hidden": list(hidden),
            "random_state": SEED, "epochs": mlp.n_iter_,
            "max_abs_diff_vs_sklearn": big_diff}),
        "mlp_selection": (f"mean validation accuracy over seeds {list(MLP_SELECTION_SEEDS)}; "
                          f"eligible if MACs >= {MIN_BIG_MACS}; less than one validation example "
                          "below the best eligible mean is a tie; ties go to fewer parameters"),
        "mlp_candidates": candidates,
        "exit_segments": segments,
        "validation_cascade_tiny_to_big": cascade_table(
            tiny_probs[validation], big_probs[validation], labels[validation],
            count_macs(dense_shapes(())), count_macs(mlp_shapes)),
        "validation_early_exit": early_exit_table(
            [p[validation] for p in exit_probs], labels[validation], cumulative_macs),
    }
    write_json(DATA_DIR / "metrics.json", metrics)
    print_summary(metrics)

    # The int8 (QDQ) big model, calibrated on the train split; adds "big_int8" to metrics.json.
    import quantize_digits_onnx
    quantize_digits_onnx.main()


def print_summary(metrics):
    for record in metrics["mlp_candidates"]:
        mark = "chosen" if record["chosen"] else "eligible" if record["eligible"] else "too small"
        print(f"  {str(record['hidden']):20s} mean validation "
              f"{record['validation_accuracy_mean']:.4f}  MACs {record['macs']:>8d}  {mark}")
    for record in [metrics["tiny"], metrics["big"], *metrics["exit_segments"]]:
        print(f"{record['file']:26s} test {record['test_accuracy']:.4f}  "
              f"validation {record['validation_accuracy']:.4f}  params {record['params']:>8d}  "
              f"MACs {record['macs']:>8d}  {record['bytes']:>8d} B  {record['sha256'][:16]}")
    print("validation cascade (threshold: accuracy, escalated):")
    for row in metrics["validation_cascade_tiny_to_big"]:
        print(f"  {row['threshold']:.2f}: {row['accuracy']:.4f}, {row['fraction_escalated']:.3f}")
    print("validation early exit (threshold: accuracy, fraction exiting per segment):")
    for row in metrics["validation_early_exit"]:
        fractions = ", ".join(f"{f:.3f}" for f in row["fraction_exiting"])
        print(f"  {row['threshold']:.2f}: {row['accuracy']:.4f}, [{fractions}]")


if __name__ == "__main__":
    main()
