#!/usr/bin/python3
"""Make MediaPipe BlazeFace (keijiro's tf2onnx/Barracuda export) accept any batch size.

The shipped graph fixes batch 1 in two places: channel padding done as Concat(x, ConstantOfShape([1,c,h,w]))
and Reshape targets of [1, K, D]. We replace the padding by Pad (batch-agnostic), set Reshape's first dim to -1,
and rename dim 0 of every input and output to 'N'. Outputs are unchanged: ActorVision.Inference.Tests compares
the prepared model against the original on batch 1.

usage: prepare_blazeface.py <original.onnx> <dynamic.onnx>   (Debian: python3-onnx python3-numpy)
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def make_dynamic(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    constant_of_shape = {n.output[0]: n for n in graph.node if n.op_type == "ConstantOfShape"}
    nodes, dropped = [], set()
    for node in graph.node:
        if node.op_type == "Concat" and len(node.input) == 2 and node.input[1] in constant_of_shape:
            padding = constant_of_shape[node.input[1]]
            shape = numpy_helper.to_array(initializers[padding.input[0]])
            pads_name = (node.name or node.output[0]) + "_pads"
            pads = np.array([0, 0, 0, 0, 0, int(shape[1]), 0, 0], dtype=np.int64)  # NCHW: pad channels at the end
            graph.initializer.append(numpy_helper.from_array(pads, pads_name))
            nodes.append(helper.make_node("Pad", [node.input[0], pads_name], list(node.output), mode="constant"))
            dropped.add(id(padding))
            continue
        if node.op_type == "Reshape" and node.input[1] in initializers:
            target = initializers[node.input[1]]
            shape = numpy_helper.to_array(target).copy()
            shape[0] = -1
            target.CopyFrom(numpy_helper.from_array(shape.astype(np.int64), target.name))
        nodes.append(node)
    nodes = [n for n in nodes if id(n) not in dropped]
    del graph.node[:]
    graph.node.extend(nodes)
    for value in list(graph.input) + list(graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        dim.Clear()
        dim.dim_param = "N"
    used = {name for n in graph.node for name in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    del graph.value_info[:]  # stale batch-1 shape hints
    return model


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    model = make_dynamic(onnx.load(sys.argv[1]))
    onnx.checker.check_model(model)
    onnx.save(model, sys.argv[2])
    print("prepared", sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
