using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// The YOLO family's decoding: one output of K candidates, each cx, cy, w, h in model-input pixels, an optional
/// objectness, then class scores (already activated, as the official exports emit them). Score = objectness x best
/// class score (or the best class score alone), then per-class NMS. Subclasses say how candidates and values are
/// laid out in the output.
/// </summary>
public abstract class YoloDetector : OnnxDetector
{
    private readonly bool _objectness;

    private protected YoloDetector(ModelSpec spec, ILogger? logger, bool objectness) : base(spec, logger)
    {
        _objectness = objectness;
        if (OutputItemDims.Count == 1 && OutputItemDims[0].Length == 2) return;
        var shapes = string.Join(", ", OutputItemDims.Select(d => $"[N, {string.Join(", ", d)}]"));
        Dispose(); // the session opened by the base constructor
        throw new NotSupportedException($"model '{spec.Name}': {ExpectedShape} expected, got {shapes}");
    }

    /// <summary>The output shape this adapter reads, for error messages.</summary>
    private protected abstract string ExpectedShape { get; }

    /// <summary>Candidates, values per candidate, and the element strides between candidates and between values.</summary>
    private protected abstract (int Candidates, int Values, int CandidateStride, int ValueStride) Layout(ReadOnlySpan<long> itemDims);

    private protected override void Decode(ModelOutputs outputs, int image, InputTransform transform, List<Detection> candidates, List<Detection> output)
    {
        var (count, values, step, stride) = Layout(outputs.ItemDims(0));
        var firstClass = _objectness ? 5 : 4;
        var classes = values - firstClass;
        if (classes < 1) throw new ModelOutputException($"model '{ModelName}': candidates have {values} values, {ExpectedShape} needs at least {firstClass + 1}");
        var data = outputs.Item(0, image);
        var threshold = Labels.LowestThreshold;
        for (var k = 0; k < count; k++)
        {
            var at = k * step;
            var objectness = _objectness ? data[at + 4 * stride] : 1f;
            if (objectness < threshold) continue;
            var best = 0;
            var bestScore = data[at + firstClass * stride];
            for (var c = 1; c < classes; c++)
            {
                var s = data[at + (firstClass + c) * stride];
                if (s > bestScore)
                {
                    bestScore = s;
                    best = c;
                }
            }
            var score = objectness * bestScore;
            if (score < Labels.Threshold(best) || !Labels.IsIncluded(best)) continue;
            var box = BoxF.FromCenter(data[at], data[at + stride], data[at + 2 * stride], data[at + 3 * stride]);
            candidates.Add(new Detection(transform.ToSource(box), score, best, Labels[best]));
        }
        NonMaxSuppression.Hard(candidates, Spec.NmsIouThreshold, Spec.MaxDetections, output);
    }
}
