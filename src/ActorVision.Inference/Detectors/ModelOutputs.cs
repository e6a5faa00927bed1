using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// The output tensors of one run. When every output is float with known non-batch dimensions, they are
/// pre-allocated pinned buffers bound to the run (no allocation per call); otherwise ONNX Runtime allocates them
/// per run and non-float tensors are converted into reused float buffers.
/// </summary>
internal sealed class ModelOutputs : IDisposable
{
    private readonly long[][] _declaredItemDims;
    private readonly float[][] _buffers;
    private readonly int[] _itemLength;
    private readonly long[][] _itemDims;
    private readonly OrtValue[]?[] _boundByBatch;
    private IDisposableReadOnlyCollection<OrtValue>? _owned;
    private int _batch;

    public ModelOutputs(InferenceSession session, int maxBatch)
    {
        Names = session.OutputNames.ToArray();
        var count = Names.Length;
        _declaredItemDims = new long[count][];
        _buffers = new float[count][];
        _itemLength = new int[count];
        _itemDims = new long[count][];
        Preallocated = true;
        for (var i = 0; i < count; i++)
        {
            var meta = session.OutputMetadata[Names[i]];
            var dims = meta.Dimensions.Select(d => (long)d).ToArray();
            if (dims.Length < 1) throw new ModelOutputException($"output '{Names[i]}' is a scalar; detector outputs start with the batch dimension");
            _declaredItemDims[i] = dims[1..];
            if (meta.ElementDataType != TensorElementType.Float || _declaredItemDims[i].Any(d => d <= 0)) Preallocated = false;
        }
        _boundByBatch = new OrtValue[maxBatch][];
        if (!Preallocated) return;
        for (var i = 0; i < count; i++)
        {
            _itemDims[i] = _declaredItemDims[i];
            _itemLength[i] = checked((int)_itemDims[i].Aggregate(1L, (a, b) => a * b));
            _buffers[i] = GC.AllocateArray<float>(_itemLength[i] * maxBatch, pinned: true);
        }
    }

    public string[] Names { get; }

    public IReadOnlyList<long[]> DeclaredItemDims => _declaredItemDims;

    /// <summary>True when outputs are bound to our own buffers.</summary>
    public bool Preallocated { get; }

    /// <summary>Output values to bind for a run of <paramref name="batch"/> images (pre-allocated mode only).</summary>
    public OrtValue[] Bind(int batch)
    {
        var bound = _boundByBatch[batch - 1];
        if (bound is null)
        {
            bound = new OrtValue[Names.Length];
            for (var i = 0; i < bound.Length; i++)
            {
                var memory = _buffers[i].AsMemory(0, _itemLength[i] * batch);
                bound[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, [batch, .. _itemDims[i]]);
            }
            _boundByBatch[batch - 1] = bound;
        }
        _batch = batch;
        return bound;
    }

    /// <summary>Takes ownership of outputs ONNX Runtime allocated for the last run.</summary>
    public void Adopt(IDisposableReadOnlyCollection<OrtValue> values)
    {
        _owned?.Dispose();
        _owned = values;
        var i = 0;
        foreach (var value in values)
        {
            var info = value.GetTensorTypeAndShape();
            var shape = info.Shape;
            _batch = (int)shape[0];
            _itemDims[i] = shape[1..];
            _itemLength[i] = checked((int)_itemDims[i].Aggregate(1L, (a, b) => a * b));
            var needed = _itemLength[i] * _batch;
            if (info.ElementDataType == TensorElementType.Float)
            {
                _buffers[i] = null!;
            }
            else
            {
                if (_buffers[i] is null || _buffers[i].Length < needed) _buffers[i] = new float[needed];
                Convert(value, info.ElementDataType, _buffers[i].AsSpan(0, needed), Names[i]);
            }
            i++;
        }
    }

    public int Batch => _batch;

    /// <summary>Dimensions of one batch item of output <paramref name="output"/> (the batch dimension removed).</summary>
    public ReadOnlySpan<long> ItemDims(int output) => _itemDims[output];

    public ReadOnlySpan<float> Item(int output, int index)
    {
        var length = _itemLength[output];
        if (_buffers[output] is { } buffer) return buffer.AsSpan(index * length, length);
        return _owned![output].GetTensorDataAsSpan<float>().Slice(index * length, length);
    }

    /// <summary>Throws when any value of the first <paramref name="images"/> items is NaN or infinite.</summary>
    public void EnsureFinite(int images, string model)
    {
        for (var o = 0; o < Names.Length; o++)
        {
            for (var n = 0; n < images; n++)
            {
                var values = Item(o, n);
                if (!AllFinite(values))
                    throw new ModelOutputException($"model '{model}' produced non-finite values (NaN or infinity) in output '{Names[o]}' for image {n} of the batch");
            }
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        // x - x is 0 for finite x and NaN for NaN and infinity, so one vector compare checks both.
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && values.Length >= System.Numerics.Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
            foreach (var v in vectors)
            {
                var d = v - v;
                if (!System.Numerics.Vector.EqualsAll(d, System.Numerics.Vector<float>.Zero)) return false;
            }
            i = vectors.Length * System.Numerics.Vector<float>.Count;
        }
        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return false;
        }
        return true;
    }

    private static void Convert(OrtValue value, TensorElementType type, Span<float> target, string name)
    {
        switch (type)
        {
            case TensorElementType.Int64:
                var longs = value.GetTensorDataAsSpan<long>();
                for (var k = 0; k < target.Length; k++) target[k] = longs[k];
                break;
            case TensorElementType.Int32:
                var ints = value.GetTensorDataAsSpan<int>();
                for (var k = 0; k < target.Length; k++) target[k] = ints[k];
                break;
            case TensorElementType.Double:
                var doubles = value.GetTensorDataAsSpan<double>();
                for (var k = 0; k < target.Length; k++) target[k] = (float)doubles[k];
                break;
            default:
                throw new ModelOutputException($"output '{name}' is {type}; detectors read float, double, int32 and int64 outputs");
        }
    }

    public void Dispose()
    {
        _owned?.Dispose();
        foreach (var bound in _boundByBatch)
        {
            if (bound is null) continue;
            foreach (var value in bound) value.Dispose();
        }
    }
}
