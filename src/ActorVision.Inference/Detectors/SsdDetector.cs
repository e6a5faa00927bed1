using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// SSD style post-processed outputs (TensorFlow Object Detection API convention), found by name: boxes [N, K, 4]
/// as normalised (ymin, xmin, ymax, xmax) of the model input, scores [N, K], classes [N, K] and optionally the
/// valid count [N, 1] (names containing "box", "score", "class" or "label", and "num"). Class values index the
/// configured class names directly, so a 1-based label map puts a placeholder at index 0. NMS is applied again
/// per class, which is harmless for models that already did it and needed for those that did not.
/// </summary>
public sealed class SsdDetector : OnnxDetector
{
    private readonly int _boxes;
    private readonly int _scores;
    private readonly int _classes;
    private readonly int _count;

    public SsdDetector(ModelSpec spec, ILogger? logger = null) : base(spec, logger)
    {
        _boxes = Find("box");
        _scores = Find("score");
        _classes = Find("class");
        if (_classes < 0) _classes = Find("label");
        _count = Find("num");
        if (_boxes < 0 || _scores < 0 || _classes < 0)
            throw new NotSupportedException(
                $"model '{spec.Name}': SSD outputs are found by name (box, score, class/label, num); the model has {string.Join(", ", OutputNames)}");
    }

    private int Find(string part)
    {
        for (var i = 0; i < OutputNames.Count; i++)
            if (OutputNames[i].Contains(part, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private protected override void Decode(ModelOutputs outputs, int image, LetterboxTransform transform, List<Detection> candidates, List<Detection> output)
    {
        var boxes = outputs.Item(_boxes, image);
        var scores = outputs.Item(_scores, image);
        var classes = outputs.Item(_classes, image);
        var count = scores.Length;
        if (boxes.Length != count * 4 || classes.Length != count)
            throw new ModelOutputException($"model '{ModelName}': SSD outputs disagree: {boxes.Length / 4} boxes, {count} scores, {classes.Length} classes");
        if (_count >= 0) count = Math.Min(count, Math.Max(0, (int)outputs.Item(_count, image)[0]));
        float width = Spec.InputWidth, height = Spec.InputHeight;
        for (var k = 0; k < count; k++)
        {
            var score = scores[k];
            var classId = (int)classes[k];
            if (score < Spec.ScoreThreshold || !Labels.IsIncluded(classId)) continue;
            var b = boxes.Slice(k * 4, 4);
            var box = new BoxF(b[1] * width, b[0] * height, b[3] * width, b[2] * height);
            candidates.Add(new Detection(transform.ToSource(box), score, classId, Labels[classId]));
        }
        NonMaxSuppression.Hard(candidates, Spec.NmsIouThreshold, Spec.MaxDetections, output);
    }
}
