// Runs an SSD TFLite detector with LiteRT (Google's TFLite runtime, WebAssembly build) and writes the raw outputs
// that feed its TFLite_Detection_PostProcess op: what scripts/ssd_tflite_to_onnx.py turns into the ONNX outputs
// box_encodings and class_scores. The reference of SsdConverterTests.
//
// usage: node ssd-raw-outputs.mjs MODEL.tflite INPUT.rgb OUT_PREFIX
//   INPUT.rgb   the input tensor as raw uint8 (height x width x 3, RGB), exactly what the model's uint8 input takes
//   writes      OUT_PREFIX.box_encodings.f32 and OUT_PREFIX.class_scores.f32 (dequantized float32, little endian)
import fs from 'node:fs';
import vm from 'node:vm';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const [modelPath, inputPath, outPrefix] = process.argv.slice(2);
if (!outPrefix) {
  console.error('usage: node ssd-raw-outputs.mjs MODEL.tflite INPUT.rgb OUT_PREFIX');
  process.exit(2);
}

// LiteRT.js loads its WebAssembly glue as a browser <script> or a worker's importScripts; give it the worker's way,
// and the CommonJS globals its Node branch expects.
const wasmDir = fileURLToPath(new URL('./node_modules/@litertjs/core/wasm/', import.meta.url));
globalThis.self = globalThis;
globalThis.require = createRequire(import.meta.url);
globalThis.__dirname = wasmDir.replace(/\/$/, '');
globalThis.importScripts = (url) =>
  vm.runInThisContext(fs.readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8'), {filename: url});
const {loadLiteRt, loadAndCompile, Tensor} = await import('@litertjs/core');

// The post-process op's outputs have no static shape, so LiteRT cannot hand them over; its inputs (the raw box
// encodings and class scores) do. Point the graph's outputs at them: a flatbuffer edit of four int32s in place.
const model = new Uint8Array(fs.readFileSync(modelPath));
const raw = rawOutputs(model);

await loadLiteRt(wasmDir);
const compiled = await loadAndCompile(model, {accelerator: 'wasm'});
const [{shape}] = compiled.getInputDetails();
const input = new Uint8Array(fs.readFileSync(inputPath));
const dims = [shape[0], shape[1], shape[2], shape[3]];
if (input.length !== dims.reduce((a, b) => a * b)) {
  console.error(`input has ${input.length} bytes, the model takes [${dims}] uint8`);
  process.exit(2);
}
const inputTensor = new Tensor(input, dims);
const outputs = await compiled.run(inputTensor);
for (const [k, name] of ['box_encodings', 'class_scores'].entries()) {
  const values = outputs[k].toTypedArray();
  const {scale, zeroPoint} = raw[k];
  const real = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) real[i] = (values[i] - zeroPoint) * scale;
  fs.writeFileSync(`${outPrefix}.${name}.f32`, Buffer.from(real.buffer));
}
inputTensor.delete();
for (const t of outputs) t.delete();
console.log(`wrote ${outPrefix}.box_encodings.f32 and ${outPrefix}.class_scores.f32`);

// Minimal flatbuffer reading (TFLite schema: Model.subgraphs = 2, .operator_codes = 1; SubGraph.tensors = 0,
// .outputs = 2, .operators = 3; Operator.opcode_index = 0, .inputs = 1; Tensor.quantization = 4;
// QuantizationParameters.scale = 2, .zero_point = 3; OperatorCode.custom_code = 1).
function rawOutputs(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const field = (table, index) => {
    const vtable = table - view.getInt32(table, true);
    const at = 4 + 2 * index;
    return at < view.getUint16(vtable, true) ? view.getUint16(vtable + at, true) : 0;
  };
  const target = (table, index) => {
    const offset = field(table, index);
    if (!offset) return null;
    return table + offset + view.getUint32(table + offset, true);
  };
  const vector = (table, index) => {
    const at = target(table, index);
    return at === null ? {at: 0, length: 0} : {at: at + 4, length: view.getUint32(at, true)};
  };
  const tableAt = (vec, k) => vec.at + 4 * k + view.getUint32(vec.at + 4 * k, true);
  const string = (table, index) => {
    const at = target(table, index);
    return at === null ? null : new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + view.getUint32(at, true)));
  };

  const root = view.getUint32(0, true);
  const codes = vector(root, 1);
  const graph = tableAt(vector(root, 2), 0);
  const tensors = vector(graph, 0);
  const operators = vector(graph, 3);
  for (let k = 0; k < operators.length; k++) {
    const op = tableAt(operators, k);
    const code = tableAt(codes, field(op, 0) ? view.getUint32(op + field(op, 0), true) : 0);
    if (string(code, 1) !== 'TFLite_Detection_PostProcess') continue;
    const inputs = vector(op, 1);
    const chosen = [view.getInt32(inputs.at, true), view.getInt32(inputs.at + 4, true)];
    const outputs = vector(graph, 2);
    view.setUint32(outputs.at - 4, 2, true);
    for (let o = 0; o < 2; o++) view.setInt32(outputs.at + 4 * o, chosen[o], true);
    return chosen.map((index) => {
      const quantization = target(tableAt(tensors, index), 4);
      const scale = vector(quantization, 2);
      const zero = vector(quantization, 3);
      return {scale: view.getFloat32(scale.at, true), zeroPoint: Number(view.getBigInt64(zero.at, true))};
    });
  }
  throw new Error('the model has no TFLite_Detection_PostProcess op');
}
