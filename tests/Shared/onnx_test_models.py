#!/usr/bin/python3
"""Small ONNX graphs for the tests and benchmarks (Debian: python3-onnx python3-numpy).

  constant <spec.json> <out.onnx>
      One image input, outputs of fixed values repeated for every image of the batch. spec.json:
      {"input": {"name": "images", "shape": [3, 64, 64]},            # without the batch dimension
       "outputs": [{"name": "output0", "shape": [2, 7], "values": [...], "type": "float|int64"}],
       "nan_when_dark": false}                                        # NaN outputs for images whose mean < 0.5
  slow <out.onnx> <input_size> <width> <depth> <classes>
      Per image: global average pool, then <depth> MatMuls of 64 rows x <width> by <width> x <width> (Tanh
      between), then zeros shaped as YOLO v8 [N, 4 + classes, 1]: a tunable cost, and never a detection.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def save(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="actorvision-tests")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


def batch_dim(input_name, nodes, inits):
    """Adds nodes computing the 1-element int64 tensor [N] from the input's shape."""
    inits.append(numpy_helper.from_array(np.array([0], dtype=np.int64), "batch_start"))
    inits.append(numpy_helper.from_array(np.array([1], dtype=np.int64), "batch_end"))
    nodes.append(helper.make_node("Shape", [input_name], ["input_shape"]))
    nodes.append(helper.make_node("Slice", ["input_shape", "batch_start", "batch_end"], ["batch"]))
    return "batch"


def constant(spec_path, out):
    spec = json.load(open(spec_path))
    inp = spec["input"]
    nodes, inits, outputs = [], [], []
    batch = batch_dim(inp["name"], nodes, inits)
    poison = None
    if spec.get("nan_when_dark"):
        rank = len(inp["shape"])
        nodes.append(helper.make_node("ReduceMean", [inp["name"]], ["mean"], axes=list(range(1, rank + 1)), keepdims=0))
        inits.append(numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half"))
        inits.append(numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"))
        nodes.append(helper.make_node("Sub", ["mean", "half"], ["centred"]))
        nodes.append(helper.make_node("Sqrt", ["centred"], ["root"]))
        nodes.append(helper.make_node("Mul", ["root", "zero"], ["poison_flat"]))
        poison = "poison_flat"
    for i, o in enumerate(spec["outputs"]):
        dtype = np.int64 if o.get("type") == "int64" else np.float32
        values = np.array(o["values"], dtype=dtype).reshape([1] + o["shape"])
        inits.append(numpy_helper.from_array(values, f"const_{i}"))
        inits.append(numpy_helper.from_array(np.array(o["shape"], dtype=np.int64), f"item_shape_{i}"))
        nodes.append(helper.make_node("Concat", [batch, f"item_shape_{i}"], [f"full_shape_{i}"], axis=0))
        target = o["name"] if poison is None or dtype != np.float32 else f"clean_{i}"
        nodes.append(helper.make_node("Expand", [f"const_{i}", f"full_shape_{i}"], [target]))
        if target != o["name"]:
            inits.append(numpy_helper.from_array(np.array([-1] + [1] * len(o["shape"]), dtype=np.int64), f"poison_shape_{i}"))
            nodes.append(helper.make_node("Reshape", [poison, f"poison_shape_{i}"], [f"poison_{i}"]))
            nodes.append(helper.make_node("Add", [target, f"poison_{i}"], [o["name"]]))
        elem = TensorProto.INT64 if dtype == np.int64 else TensorProto.FLOAT
        outputs.append(helper.make_tensor_value_info(o["name"], elem, ["N"] + o["shape"]))
    graph = helper.make_graph(nodes, "constant", [helper.make_tensor_value_info(inp["name"], TensorProto.FLOAT, ["N"] + inp["shape"])], outputs, inits)
    save(graph, out)


def slow(out, size, width, depth, classes):
    rng = np.random.default_rng(7)
    nodes, inits = [], []
    batch = batch_dim("images", nodes, inits)
    rows = 64
    nodes.append(helper.make_node("GlobalAveragePool", ["images"], ["pooled"]))           # [N,3,1,1]
    inits.append(numpy_helper.from_array(np.array([-1, 3], dtype=np.int64), "flat_shape"))
    nodes.append(helper.make_node("Reshape", ["pooled", "flat_shape"], ["flat"]))          # [N,3]
    inits.append(numpy_helper.from_array(rng.standard_normal((3, rows * width)).astype(np.float32) * 0.1, "w_in"))
    nodes.append(helper.make_node("MatMul", ["flat", "w_in"], ["spread"]))                 # [N, rows*width]
    inits.append(numpy_helper.from_array(np.array([-1, rows, width], dtype=np.int64), "work_shape"))
    nodes.append(helper.make_node("Reshape", ["spread", "work_shape"], ["x0"]))             # [N, rows, width]
    # One shared weight keeps the file small while every layer still costs rows*width*width multiply-adds.
    inits.append(numpy_helper.from_array((rng.standard_normal((width, width)) / np.sqrt(width)).astype(np.float32), "w"))
    x = "x0"
    for i in range(depth):
        nodes.append(helper.make_node("MatMul", [x, "w"], [f"m{i}"]))
        nodes.append(helper.make_node("Tanh", [f"m{i}"], [f"x{i + 1}"]))
        x = f"x{i + 1}"
    nodes.append(helper.make_node("ReduceMean", [x], ["total"], axes=[1, 2], keepdims=0))  # [N]
    inits.append(numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"))
    nodes.append(helper.make_node("Mul", ["total", "zero"], ["nothing"]))
    inits.append(numpy_helper.from_array(np.array([-1, 1, 1], dtype=np.int64), "nothing_shape"))
    nodes.append(helper.make_node("Reshape", ["nothing", "nothing_shape"], ["nothing3"]))  # [N,1,1]
    inits.append(numpy_helper.from_array(np.zeros((1, 4 + classes, 1), dtype=np.float32), "zeros"))
    inits.append(numpy_helper.from_array(np.array([4 + classes, 1], dtype=np.int64), "out_item"))
    nodes.append(helper.make_node("Concat", [batch, "out_item"], ["out_shape"], axis=0))
    nodes.append(helper.make_node("Expand", ["zeros", "out_shape"], ["zeros_batch"]))
    nodes.append(helper.make_node("Add", ["zeros_batch", "nothing3"], ["output0"]))
    graph = helper.make_graph(
        nodes, "slow",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["N", 3, size, size])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["N", 4 + classes, 1])], inits)
    save(graph, out)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "constant" and len(sys.argv) == 4:
        constant(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 2 and sys.argv[1] == "slow" and len(sys.argv) == 7:
        slow(sys.argv[2], *(int(a) for a in sys.argv[3:7]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
