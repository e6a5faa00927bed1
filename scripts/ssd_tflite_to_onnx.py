#!/usr/bin/python3
"""Converts a quantized SSD MobileNet detector from TFLite to ONNX (Google Coral's COCO model and its kin).

No TFLite-to-ONNX converter is served by the package sources we use, and the graph needs only a handful of ops
(CONV_2D, DEPTHWISE_CONV_2D, ADD, RESHAPE, CONCATENATION, LOGISTIC, DEQUANTIZE), so this reads the TFLite
flatbuffer directly and writes one of two ONNX forms of it:

  --variant qdq    (default) the uint8 model as trained: every activation is quantized with the TFLite tensor's own
                   scale and zero point (QuantizeLinear/DequantizeLinear around each op, int8 weights, int32 biases).
                   ONNX Runtime fuses these into QLinearConv/QLinearAdd and runs integer kernels.
  --variant float  the weights dequantized to float32; the uint8 saturation of each activation kept as a Clip
                   (opset 10, so that OpenCV 4.6's dnn module loads it too).

The graph is cut before the TFLite_Detection_PostProcess custom op: its raw inputs become the outputs
`box_encodings` [N, anchors, 4] (ty, tx, th, tw against the anchors) and `class_scores` [N, anchors, classes + 1]
(sigmoid scores, column 0 the background). The anchors the post-process op was given are kept in the model's
metadata (`ssd.anchors`, rows of ycenter xcenter height width) so the adapter can check the anchors it generates.
The batch dimension is dynamic (`N`). The input is float NHWC RGB `(p - 128) / 128`, the whole frame resized to
the input size (the model was trained on stretched frames, not letterboxed ones).

usage: ssd_tflite_to_onnx.py SRC.tflite DST.onnx [--variant qdq|float]   (Debian: python3-onnx python3-numpy)
"""
import argparse
import hashlib
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# TFLite builtin operator codes (schema.fbs, BuiltinOperator) this converter handles.
ADD, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE, LOGISTIC, RESHAPE, CUSTOM = 0, 2, 3, 4, 6, 14, 22, 32
# TensorType
FLOAT32, FLOAT16, INT32, UINT8, INT64, INT8 = 0, 1, 2, 3, 4, 9
NUMPY_TYPE = {FLOAT32: np.float32, FLOAT16: np.float16, INT32: np.int32, UINT8: np.uint8, INT64: np.int64, INT8: np.int8}
# ActivationFunctionType: NONE, RELU, RELU_N1_TO_1, RELU6 as (min, max)
ACTIVATION_RANGE = {0: (-np.inf, np.inf), 1: (0.0, np.inf), 2: (-1.0, 1.0), 3: (0.0, 6.0)}
POST_PROCESS = "TFLite_Detection_PostProcess"
FLOAT_MAX = float(np.finfo(np.float32).max)
# QDQ needs opset 13 (int32 bias dequantization as ONNX Runtime fuses it); the float form keeps to opset 10 (Clip with
# attribute bounds), which both ONNX Runtime and OpenCV's dnn module load.
OPSET = {True: 13, False: 10}


class Table:
    """A flatbuffer table: fields by their index in the schema, read straight from the file's bytes."""

    def __init__(self, data, pos):
        self.data, self.pos = data, pos
        self.vtable = pos - struct.unpack_from("<i", data, pos)[0]
        self.vtable_size = struct.unpack_from("<H", data, self.vtable)[0]

    def _offset(self, field):
        at = 4 + 2 * field
        return struct.unpack_from("<H", self.data, self.vtable + at)[0] if at < self.vtable_size else 0

    def scalar(self, field, fmt, default=0):
        offset = self._offset(field)
        return struct.unpack_from("<" + fmt, self.data, self.pos + offset)[0] if offset else default

    def _target(self, field):
        offset = self._offset(field)
        if not offset:
            return None
        at = self.pos + offset
        return at + struct.unpack_from("<I", self.data, at)[0]

    def table(self, field):
        at = self._target(field)
        return Table(self.data, at) if at is not None else None

    def string(self, field):
        at = self._target(field)
        if at is None:
            return None
        length = struct.unpack_from("<I", self.data, at)[0]
        return self.data[at + 4:at + 4 + length].decode()

    def tables(self, field):
        at = self._target(field)
        if at is None:
            return []
        count = struct.unpack_from("<I", self.data, at)[0]
        return [Table(self.data, at + 4 + 4 * k + struct.unpack_from("<I", self.data, at + 4 + 4 * k)[0]) for k in range(count)]

    def numbers(self, field, fmt):
        at = self._target(field)
        if at is None:
            return []
        count = struct.unpack_from("<I", self.data, at)[0]
        return list(struct.unpack_from("<%d%s" % (count, fmt), self.data, at + 4))

    def bytes(self, field):
        at = self._target(field)
        if at is None:
            return b""
        count = struct.unpack_from("<I", self.data, at)[0]
        return self.data[at + 4:at + 4 + count]


class Tensor:
    def __init__(self, table, buffers):
        self.name = table.string(3)
        self.shape = table.numbers(0, "i")
        self.type = table.scalar(1, "b")
        self._buffer = buffers[table.scalar(2, "I")]
        quantization = table.table(4)
        scales = quantization.numbers(2, "f") if quantization else []
        self.scale = np.array(scales, np.float32) if scales else None
        self.zero_point = np.array(quantization.numbers(3, "q"), np.int64) if scales else None
        self.axis = quantization.scalar(6, "i") if scales else 0

    @property
    def is_constant(self):
        return len(self._buffer.bytes(0)) > 0

    def raw(self):
        return np.frombuffer(self._buffer.bytes(0), NUMPY_TYPE[self.type]).reshape(self.shape)

    def per_channel(self, values, rank):
        """Scale or zero point shaped to broadcast along the quantized axis."""
        if len(values) == 1:
            return values[0]
        shape = [1] * rank
        shape[self.axis] = -1
        return values.reshape(shape)

    def dequantized(self):
        values = self.raw()
        if self.scale is None:
            return values.astype(np.float32)
        rank = values.ndim
        return ((values.astype(np.float32) - self.per_channel(self.zero_point, rank)) * self.per_channel(self.scale, rank)).astype(np.float32)

    def value_range(self):
        """Real values the uint8 tensor can hold: what TFLite's saturation clamps to."""
        if self.scale is None or self.type != UINT8 or len(self.scale) != 1:
            return -np.inf, np.inf
        s, z = float(self.scale[0]), float(self.zero_point[0])
        return s * (0 - z), s * (255 - z)


class TfliteModel:
    def __init__(self, data):
        model = Table(data, struct.unpack_from("<I", data, 0)[0])
        self.operator_codes = []
        for code in model.tables(1):
            builtin = max(code.scalar(3, "i", 0), code.scalar(0, "b", 0))
            self.operator_codes.append((builtin, code.string(1)))
        subgraphs = model.tables(2)
        if len(subgraphs) != 1:
            raise SystemExit("expected one subgraph, found %d" % len(subgraphs))
        graph = subgraphs[0]
        buffers = model.tables(4)
        self.tensors = [Tensor(t, buffers) for t in graph.tables(0)]
        self.inputs = graph.numbers(1, "i")
        self.outputs = graph.numbers(2, "i")
        self.operators = graph.tables(3)


class Converter:
    """Emits ONNX nodes op by op. Every TFLite activation is known by its ONNX value name and layout (NHWC as in
    TFLite, or NCHW after a convolution), in float or, in the qdq variant, as a uint8 tensor."""

    def __init__(self, model, quantized):
        self.model, self.quantized = model, quantized
        self.nodes, self.initializers = [], []
        self.values = {}  # tflite tensor index -> (onnx name, layout)
        self.constants = {}  # tflite tensor index -> float array made by DEQUANTIZE
        self.count = 0

    def unique(self, base):
        self.count += 1
        return "%s__%d" % (base, self.count)

    def const(self, base, array):
        name = self.unique(base)
        # (ascontiguousarray would turn a scalar into a 1-element vector; scales and zero points must stay scalars)
        self.initializers.append(numpy_helper.from_array(np.array(array, order="C"), name))
        return name

    def node(self, op, inputs, base, **attributes):
        output = self.unique(base)
        self.nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    # -- activations ------------------------------------------------------------------------------------------------
    def quantizes(self, index):
        t = self.model.tensors[index]
        return self.quantized and t.type == UINT8 and t.scale is not None and len(t.scale) == 1

    def qparams(self, index):
        t = self.model.tensors[index]
        return (self.const(t.name + "_scale", np.array(t.scale[0], np.float32)),
                self.const(t.name + "_zero", np.array(t.zero_point[0], np.uint8)))

    def produce(self, index, value, layout, activation=0):
        """Stores op output `value` (float) as tensor `index`, saturated like TFLite's uint8 output."""
        t = self.model.tensors[index]
        low, high = ACTIVATION_RANGE[activation]
        if self.quantizes(index):
            # QuantizeLinear saturates to the tensor's range; a fused activation narrower than it is applied first.
            q_low, q_high = t.value_range()
            if low > q_low or high < q_high:
                value = self.node("Clip", [value, self.const("lo", np.array(max(low, q_low), np.float32)),
                                           self.const("hi", np.array(min(high, q_high), np.float32))], t.name + "_act")
            value = self.node("QuantizeLinear", [value, *self.qparams(index)], t.name + "_q")
        else:
            q_low, q_high = t.value_range()
            low, high = max(low, q_low), min(high, q_high)
            if low > -np.inf or high < np.inf:
                # Opset 10's Clip takes its bounds as attributes: the form OpenCV's ONNX importer (4.6) reads.
                value = self.node("Clip", [value], t.name + "_clip", min=float(max(low, -FLOAT_MAX)), max=float(min(high, FLOAT_MAX)))
        self.values[index] = (value, layout)

    def use(self, index, layout=None):
        """Tensor `index` as a float value in `layout` (None: whatever layout it has)."""
        name, have = self.values[index]
        if self.quantizes(index):
            name = self.node("DequantizeLinear", [name, *self.qparams(index)], self.model.tensors[index].name + "_dq")
        return self.transposed(name, have, layout)

    def transposed(self, name, have, want):
        if want is None or want == have:
            return name
        perm = [0, 2, 3, 1] if want == "NHWC" else [0, 3, 1, 2]
        return self.node("Transpose", [name], name + "_" + want.lower(), perm=perm)

    # -- operators --------------------------------------------------------------------------------------------------
    def weight(self, index, transpose):
        if index in self.constants:
            return self.const("w", self.constants[index].transpose(transpose))
        t = self.model.tensors[index]
        if not (self.quantized and t.type == UINT8 and t.scale is not None):
            return self.const(t.name, t.dequantized().transpose(transpose))
        # uint8 weights stored as int8 with the zero point moved by 128: the same real values, and ONNX Runtime's
        # fast integer kernels are uint8 activations x int8 weights (VNNI); uint8 x uint8 ran 2x slower here.
        raw = (t.raw().transpose(transpose).astype(np.int16) - 128).astype(np.int8)
        zero = np.array(int(t.zero_point[0]) - 128, np.int8)
        return self.node("DequantizeLinear", [self.const(t.name, raw), self.const(t.name + "_scale", np.array(t.scale[0], np.float32)),
                                              self.const(t.name + "_zero", zero)], t.name + "_dq")

    def bias(self, index):
        t = self.model.tensors[index]
        if self.quantized and t.type == INT32 and t.scale is not None and len(t.scale) == 1:
            return self.node("DequantizeLinear", [self.const(t.name, t.raw()), self.const(t.name + "_scale", np.array(t.scale[0], np.float32)),
                                                  self.const(t.name + "_zero", np.array(0, np.int32))], t.name + "_dq")
        return self.const(t.name, t.dequantized())

    def convolution(self, op, inputs, outputs, depthwise):
        options = op.table(4)
        same_padding = options.scalar(0, "b") == 0
        stride_w, stride_h = options.scalar(1, "i"), options.scalar(2, "i")
        if depthwise:
            activation = options.scalar(4, "b")
            dilation = (options.scalar(6, "i", 1), options.scalar(5, "i", 1))
            transpose, group = (3, 0, 1, 2), self.model.tensors[inputs[0]].shape[3]  # [1, kh, kw, C] -> [C, 1, kh, kw]
        else:
            activation = options.scalar(3, "b")
            dilation = (options.scalar(5, "i", 1), options.scalar(4, "i", 1))
            transpose, group = (0, 3, 1, 2), 1  # [O, kh, kw, I] -> [O, I, kh, kw]
        kernel = [self.model.tensors[inputs[1]].shape[k] for k in (1, 2)]
        height, width = self.model.tensors[inputs[0]].shape[1:3]
        arguments = [self.use(inputs[0], "NCHW"), self.weight(inputs[1], transpose)]
        if len(inputs) > 2 and inputs[2] >= 0:
            arguments.append(self.bias(inputs[2]))
        pads = same_pads((height, width), kernel, (stride_h, stride_w), dilation) if same_padding else [0, 0, 0, 0]
        out = self.node("Conv", arguments, self.model.tensors[outputs[0]].name, kernel_shape=kernel, strides=[stride_h, stride_w],
                        dilations=list(dilation), group=group, pads=pads)
        self.produce(outputs[0], out, "NCHW", activation)

    def add(self, op, inputs, outputs):
        layouts = {self.values[i][1] for i in inputs}
        layout = layouts.pop() if len(layouts) == 1 else "NHWC"
        options = op.table(4)
        out = self.node("Add", [self.use(inputs[0], layout), self.use(inputs[1], layout)], self.model.tensors[outputs[0]].name)
        self.produce(outputs[0], out, layout, options.scalar(0, "b") if options else 0)

    def reshape(self, inputs, outputs):
        source, target = self.model.tensors[inputs[0]], self.model.tensors[outputs[0]]
        shape = self.const(target.name + "_shape", np.array([-1] + target.shape[1:], np.int64))  # any batch
        same_quantization = (self.quantizes(inputs[0]) and self.quantizes(outputs[0]) and source.scale[0] == target.scale[0]
                             and source.zero_point[0] == target.zero_point[0])
        if same_quantization:
            # A reshape moves uint8 values as they are: no need to leave the integer domain.
            name, layout = self.values[inputs[0]]
            self.values[outputs[0]] = (self.node("Reshape", [self.transposed(name, layout, "NHWC"), shape], target.name), "NHWC")
        else:
            self.produce(outputs[0], self.node("Reshape", [self.use(inputs[0], "NHWC"), shape], target.name), "NHWC")

    def concatenation(self, op, inputs, outputs):
        options = op.table(4)
        rank = len(self.model.tensors[outputs[0]].shape)
        axis = options.scalar(0, "i") % rank
        out = self.node("Concat", [self.use(i, "NHWC") for i in inputs], self.model.tensors[outputs[0]].name, axis=axis)
        self.produce(outputs[0], out, "NHWC", options.scalar(1, "b"))

    def convert(self, output_names):
        model = self.model
        index = model.inputs[0]
        source = model.tensors[index]
        # The float input goes through the same uint8 quantization TFLite's input has.
        float_input = "normalized_input_image_tensor"
        self.produce(index, float_input, "NHWC") if self.quantized else self.values.__setitem__(index, (float_input, "NHWC"))
        raw_outputs, anchors = None, None
        for op in model.operators:
            code, custom = model.operator_codes[op.scalar(0, "I")]
            inputs, outputs = op.numbers(1, "i"), op.numbers(2, "i")
            if code == CUSTOM and custom == POST_PROCESS:
                raw_outputs = inputs[:2]
                anchors = model.tensors[inputs[2]].dequantized() if len(inputs) > 2 else None
                break
            if code == DEQUANTIZE and model.tensors[inputs[0]].is_constant:
                self.constants[outputs[0]] = model.tensors[inputs[0]].dequantized()
            elif code in (CONV_2D, DEPTHWISE_CONV_2D):
                self.convolution(op, inputs, outputs, depthwise=code == DEPTHWISE_CONV_2D)
            elif code == ADD:
                self.add(op, inputs, outputs)
            elif code == RESHAPE:
                self.reshape(inputs, outputs)
            elif code == CONCATENATION:
                self.concatenation(op, inputs, outputs)
            elif code == LOGISTIC:
                self.produce(outputs[0], self.node("Sigmoid", [self.use(inputs[0])], model.tensors[outputs[0]].name), self.values[inputs[0]][1])
            else:
                raise SystemExit("TFLite operator %s is not supported by this converter" % (custom or code))
        if raw_outputs is None:
            raise SystemExit("the model has no %s op: not an SSD detector this converter knows" % POST_PROCESS)
        for tflite_index, name in zip(raw_outputs, output_names):
            self.nodes.append(helper.make_node("Identity", [self.use(tflite_index, "NHWC")], [name]))
        batch = "N"
        graph = helper.make_graph(
            self.nodes, "ssd",
            [helper.make_tensor_value_info(float_input, TensorProto.FLOAT, [batch] + source.shape[1:])],
            [helper.make_tensor_value_info(name, TensorProto.FLOAT, [batch] + model.tensors[i].shape[1:])
             for i, name in zip(raw_outputs, output_names)],
            self.initializers)
        return graph, anchors


def same_pads(size, kernel, stride, dilation):
    """TensorFlow's SAME padding as ONNX pads [top, left, bottom, right] (the odd pixel goes after)."""
    before, after = [], []
    for n, k, s, d in zip(size, kernel, stride, dilation):
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        before.append(total // 2)
        after.append(total - total // 2)
    return before + after


def convert(data, quantized):
    model = TfliteModel(data)
    if len(model.inputs) != 1:
        raise SystemExit("expected one image input, found %d" % len(model.inputs))
    graph, anchors = Converter(model, quantized).convert(["box_encodings", "class_scores"])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET[quantized])], producer_name="actorvision ssd_tflite_to_onnx")
    onnx_model.ir_version = 7 if quantized else 5
    metadata = {"ssd.source_sha256": hashlib.sha256(data).hexdigest(), "ssd.variant": "qdq" if quantized else "float"}
    if anchors is not None:
        metadata["ssd.anchors"] = " ".join("%.6f" % v for v in anchors.reshape(-1))
    for key, value in metadata.items():
        onnx_model.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(onnx_model)
    return onnx_model


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="the .tflite file")
    parser.add_argument("target", help="the .onnx file to write")
    parser.add_argument("--variant", choices=["qdq", "float"], default="qdq")
    args = parser.parse_args(argv)
    with open(args.source, "rb") as f:
        data = f.read()
    model = convert(data, quantized=args.variant == "qdq")
    temporary = args.target + ".tmp"
    onnx.save(model, temporary)
    import os
    os.replace(temporary, args.target)
    print("wrote %s (%s, %d nodes)" % (args.target, args.variant, len(model.graph.node)))


if __name__ == "__main__":
    main(sys.argv[1:])
