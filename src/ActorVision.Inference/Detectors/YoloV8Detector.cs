using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// YOLO v8/v11 style: one output [N, 4 + C, K], i.e. channel-major: row j holds value j (cx, cy, w, h, then class
/// scores) for every candidate k, in model-input pixels. No objectness: score = best class score, then per-class NMS.
/// </summary>
public sealed class YoloV8Detector : OnnxDetector
{
    public YoloV8Detector(ModelSpec spec, ILogger? logger = null) : base(spec, logger)
    {
        if (OutputItemDims.Count != 1 || OutputItemDims[0].Length != 2 || OutputItemDims[0][0] is > 0 and < 5)
            throw new NotSupportedException($"model '{spec.Name}': YOLO v8 expects one output [N, 4 + C, K], got {string.Join(", ", OutputItemDims.Select(d => $"[N, {string.Join(", ", d)}]"))}");
    }

    private protected override void Decode(ModelOutputs outputs, int image, LetterboxTransform transform, List<Detection> candidates, List<Detection> output)
    {
        var dims = outputs.ItemDims(0);
        var channels = (int)dims[0];
        var count = (int)dims[1];
        var classes = channels - 4;
        if (classes < 1) throw new ModelOutputException($"model '{ModelName}': output has {channels} channels, YOLO v8 needs at least 5");
        var data = outputs.Item(0, image);
        var threshold = Spec.ScoreThreshold;
        for (var k = 0; k < count; k++)
        {
            var best = 0;
            var bestScore = data[4 * count + k];
            for (var c = 1; c < classes; c++)
            {
                var s = data[(4 + c) * count + k];
                if (s > bestScore)
                {
                    bestScore = s;
                    best = c;
                }
            }
            if (bestScore < threshold || !Labels.IsIncluded(best)) continue;
            var box = BoxF.FromCenter(data[k], data[count + k], data[2 * count + k], data[3 * count + k]);
            candidates.Add(new Detection(transform.ToSource(box), bestScore, best, Labels[best]));
        }
        NonMaxSuppression.Hard(candidates, Spec.NmsIouThreshold, Spec.MaxDetections, output);
    }
}
