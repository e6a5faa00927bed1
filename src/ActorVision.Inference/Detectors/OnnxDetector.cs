using ActorVision.Core.Detections;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using ActorVision.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// The shared part of every ONNX detector: one session created at construction and reused, an input tensor over
/// a pinned buffer sized for <see cref="MaxBatch"/> images (one <see cref="OrtValue"/> per batch size, made once),
/// letterboxing, output buffers, the NaN check and the per-image decode loop. Subclasses only decode.
/// One thread at a time (see <see cref="IObjectDetector"/>).
/// </summary>
public abstract class OnnxDetector : IObjectDetector
{
    private readonly OnnxSession _session;
    private readonly InputTensorWriter _writer;
    private readonly float[] _input;
    private readonly OrtValue?[] _inputByBatch;
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputArgument = new OrtValue[1];
    private readonly ModelOutputs _outputs;
    private readonly RunOptions _runOptions = new();
    private readonly InputTransform[] _transforms;
    private readonly int _fixedBatch;
    private readonly List<Detection> _candidates = new(256);
    private bool _disposed;

    protected OnnxDetector(ModelSpec spec, ILogger? logger)
    {
        Spec = spec;
        if (spec.LabelsFile is { } labels && spec.ClassNames.Count == 0)
            throw new FileNotFoundException($"model '{spec.Name}': labels file {labels} does not exist or names no class (scripts/setup.sh fetches the shipped models' labels)", labels);
        _session = OnnxSessionFactory.Create(spec, logger);
        try
        {
            var session = _session.Session;
            if (session.InputNames.Count != 1)
                throw new NotSupportedException($"model '{spec.Name}' has {session.InputNames.Count} inputs; detectors take one image input");
            _inputNames = [session.InputNames[0]];
            var dims = session.InputMetadata[_inputNames[0]].Dimensions;
            CheckInputShape(spec, dims);
            _fixedBatch = dims[0] > 0 ? dims[0] : 0;
            MaxBatch = _fixedBatch > 0 ? Math.Min(_fixedBatch, spec.MaxBatch) : spec.MaxBatch;
            var runBatch = Math.Max(_fixedBatch, MaxBatch);
            _writer = new InputTensorWriter(spec.InputWidth, spec.InputHeight, spec.Layout, spec.Channels, spec.Normalization, spec.Resize);
            _input = GC.AllocateArray<float>(_writer.ImageSize * runBatch, pinned: true);
            _inputByBatch = new OrtValue?[runBatch];
            _outputs = new ModelOutputs(session, runBatch);
            _transforms = new InputTransform[runBatch];
            Labels = new ClassLabels(spec.ClassNames, spec.IncludeClasses, spec.ScoreThreshold, spec.ClassScoreThresholds);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public ModelSpec Spec { get; }
    public string ModelName => Spec.Name;
    public int MaxBatch { get; }
    public IReadOnlyList<string> ClassNames => Spec.ClassNames;
    /// <summary>The execution provider the session runs on (after any fallback).</summary>
    public ExecutionProvider Provider => _session.Provider;

    internal ClassLabels Labels { get; }

    /// <summary>The model file's custom metadata (producer notes such as the SSD anchors it was exported with).</summary>
    protected IReadOnlyDictionary<string, string> ModelMetadata => _session.Session.ModelMetadata.CustomMetadataMap;

    /// <summary>Output names in the model's order.</summary>
    protected IReadOnlyList<string> OutputNames => _outputs.Names;

    /// <summary>Declared dimensions of one batch item per output (batch removed; -1 where the model leaves it open).</summary>
    protected IReadOnlyList<long[]> OutputItemDims => _outputs.DeclaredItemDims;

    public void Detect(ReadOnlySpan<VideoFrame> frames, DetectionBatch results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        results.Reset(frames.Length);
        for (var start = 0; start < frames.Length; start += MaxBatch)
        {
            var count = Math.Min(MaxBatch, frames.Length - start);
            RunChunk(frames.Slice(start, count), results, start);
        }
    }

    private void RunChunk(ReadOnlySpan<VideoFrame> frames, DetectionBatch results, int firstResult)
    {
        var imageSize = _writer.ImageSize;
        for (var i = 0; i < frames.Length; i++)
            _transforms[i] = _writer.Write(frames[i], _input.AsSpan(i * imageSize, imageSize));
        var runBatch = Math.Max(_fixedBatch, frames.Length);
        if (runBatch > frames.Length) _input.AsSpan(frames.Length * imageSize, (runBatch - frames.Length) * imageSize).Clear();

        _inputArgument[0] = InputFor(runBatch);
        var session = _session.Session;
        if (_outputs.Preallocated)
        {
            session.Run(_runOptions, _inputNames, _inputArgument, _outputs.Names, _outputs.Bind(runBatch));
        }
        else
        {
            _outputs.Adopt(session.Run(_runOptions, _inputNames, _inputArgument, _outputs.Names));
        }
        _outputs.EnsureFinite(frames.Length, ModelName);

        for (var i = 0; i < frames.Length; i++)
        {
            _candidates.Clear();
            Decode(_outputs, i, _transforms[i], _candidates, results.Writable(firstResult + i));
        }
    }

    /// <summary>
    /// Turns image <paramref name="image"/> of the run's outputs into detections in source pixels. The subclass
    /// fills <paramref name="candidates"/> (scratch, empty) and writes the final list into <paramref name="output"/>.
    /// </summary>
    private protected abstract void Decode(ModelOutputs outputs, int image, InputTransform transform, List<Detection> candidates, List<Detection> output);

    private OrtValue InputFor(int batch)
    {
        return _inputByBatch[batch - 1] ??= OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            _input.AsMemory(0, _writer.ImageSize * batch),
            Spec.Layout == TensorLayout.Nhwc
                ? [batch, Spec.InputHeight, Spec.InputWidth, 3]
                : [batch, 3, Spec.InputHeight, Spec.InputWidth]);
    }

    private static void CheckInputShape(ModelSpec spec, int[] dims)
    {
        if (dims.Length != 4)
            throw new NotSupportedException($"model '{spec.Name}': the input has rank {dims.Length}; detectors take a 4D image tensor");
        var (h, w, c) = spec.Layout == TensorLayout.Nhwc ? (dims[1], dims[2], dims[3]) : (dims[2], dims[3], dims[1]);
        if (h > 0 && h != spec.InputHeight || w > 0 && w != spec.InputWidth || c > 0 && c != 3)
            throw new ArgumentException(
                $"model '{spec.Name}': the model's input is [{string.Join(", ", dims)}], which does not match the configured " +
                $"{spec.Layout} {spec.InputWidth}x{spec.InputHeight} with 3 channels (check input width/height and layout)");
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (!disposing) return;
        foreach (var value in _inputByBatch) value?.Dispose();
        _outputs.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
