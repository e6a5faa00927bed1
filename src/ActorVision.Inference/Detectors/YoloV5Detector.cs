using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// YOLO v5/v7 style: one output [N, K, 5 + C] with rows (cx, cy, w, h, objectness, class scores...) in model-input
/// pixels, scores already activated (as the official exports emit them). Score = objectness x best class score,
/// then per-class NMS.
/// </summary>
public sealed class YoloV5Detector : OnnxDetector
{
    public YoloV5Detector(ModelSpec spec, ILogger? logger = null) : base(spec, logger)
    {
        if (OutputItemDims.Count != 1 || OutputItemDims[0].Length != 2 || OutputItemDims[0][1] is > 0 and < 6)
            throw new NotSupportedException($"model '{spec.Name}': YOLO v5 expects one output [N, K, 5 + C], got {DescribeOutputs()}");
    }

    private protected override void Decode(ModelOutputs outputs, int image, LetterboxTransform transform, List<Detection> candidates, List<Detection> output)
    {
        var dims = outputs.ItemDims(0);
        var rows = (int)dims[0];
        var stride = (int)dims[1];
        var classes = stride - 5;
        if (classes < 1) throw new ModelOutputException($"model '{ModelName}': output rows have {stride} values, YOLO v5 needs at least 6");
        var data = outputs.Item(0, image);
        var threshold = Spec.ScoreThreshold;
        for (var k = 0; k < rows; k++)
        {
            var row = data.Slice(k * stride, stride);
            var objectness = row[4];
            if (objectness < threshold) continue;
            var best = 0;
            var bestScore = row[5];
            for (var c = 1; c < classes; c++)
            {
                if (row[5 + c] > bestScore)
                {
                    bestScore = row[5 + c];
                    best = c;
                }
            }
            var score = objectness * bestScore;
            if (score < threshold || !Labels.IsIncluded(best)) continue;
            candidates.Add(new Detection(transform.ToSource(BoxF.FromCenter(row[0], row[1], row[2], row[3])), score, best, Labels[best]));
        }
        NonMaxSuppression.Hard(candidates, Spec.NmsIouThreshold, Spec.MaxDetections, output);
    }

    private string DescribeOutputs() => string.Join(", ", OutputItemDims.Select(d => $"[N, {string.Join(", ", d)}]"));
}
