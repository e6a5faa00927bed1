using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// MediaPipe BlazeFace (front-128 or back-256). Outputs: logits [N, A, 1] and regressors [N, A, 16] per anchor grid
/// (or one concatenated pair), regressors being centre x, y, width, height and six (x, y) keypoints in input pixels
/// relative to the anchor centre. Scores are sigmoid(logit); overlapping faces are merged by weighted NMS.
/// Keypoints: right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion.
/// </summary>
public sealed class BlazeFaceDetector : OnnxDetector
{
    private const int Coordinates = 16;
    private readonly PointF[] _anchors;
    private readonly int[] _scoreOutputs;
    private readonly int[] _boxOutputs;
    private readonly string _label;

    public BlazeFaceDetector(ModelSpec spec, ILogger? logger = null) : base(spec, logger)
    {
        try
        {
            if (spec.InputWidth != spec.InputHeight) throw new ArgumentException($"model '{spec.Name}': BlazeFace input must be square");
            _anchors = BlazeFaceAnchors.Generate(spec.InputWidth, spec.InputHeight, BlazeFaceAnchors.StridesFor(spec.InputWidth));
            (_scoreOutputs, _boxOutputs) = ClassifyOutputs(spec.Name);
            _label = spec.ClassNames.Count > 0 ? spec.ClassNames[0] : "face";
        }
        catch
        {
            Dispose(); // the session opened by the base constructor
            throw;
        }
    }

    private (int[] Scores, int[] Boxes) ClassifyOutputs(string model)
    {
        var outputs = OutputItemDims;
        var scores = new List<(int Index, long Count)>();
        var boxes = new List<(int Index, long Count)>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var dims = outputs[i];
            if (dims.Length == 2 && dims[1] == 1) scores.Add((i, dims[0]));
            else if (dims.Length == 2 && dims[1] == Coordinates) boxes.Add((i, dims[0]));
            else throw new NotSupportedException($"model '{model}': output {i} has item shape [{string.Join(", ", dims)}]; BlazeFace outputs are [A, 1] and [A, 16]");
        }
        // Larger grids come first in the anchor order (16x16x2 before 8x8x6).
        scores.Sort((a, b) => b.Count.CompareTo(a.Count));
        boxes.Sort((a, b) => b.Count.CompareTo(a.Count));
        if (scores.Sum(s => s.Count) != _anchors.Length || boxes.Sum(b => b.Count) != _anchors.Length)
            throw new NotSupportedException($"model '{model}': outputs cover {scores.Sum(s => s.Count)} scores and {boxes.Sum(b => b.Count)} boxes, the anchors are {_anchors.Length}");
        return (scores.Select(s => s.Index).ToArray(), boxes.Select(b => b.Index).ToArray());
    }

    private protected override void Decode(ModelOutputs outputs, int image, InputTransform transform, List<Detection> candidates, List<Detection> output)
    {
        float width = Spec.InputWidth, height = Spec.InputHeight;
        var threshold = Labels.Threshold(0);
        var anchor = 0;
        for (var part = 0; part < _scoreOutputs.Length; part++)
        {
            var logits = outputs.Item(_scoreOutputs[part], image);
            var regressors = outputs.Item(_boxOutputs[part], image);
            for (var k = 0; k < logits.Length; k++, anchor++)
            {
                var score = 1f / (1f + MathF.Exp(-Math.Clamp(logits[k], -100f, 100f)));
                if (score < threshold) continue;
                var r = regressors.Slice(k * Coordinates, Coordinates);
                var a = _anchors[anchor];
                var cx = r[0] + a.X * width;
                var cy = r[1] + a.Y * height;
                var box = BoxF.FromCenter(cx, cy, r[2], r[3]);
                var detection = new Detection(transform.ToSource(box), score, 0, _label);
                for (var p = 0; p < Keypoints.Capacity; p++)
                    detection.AddKeypoint(transform.ToSource(r[4 + 2 * p] + a.X * width, r[5 + 2 * p] + a.Y * height));
                candidates.Add(detection);
            }
        }
        NonMaxSuppression.Weighted(candidates, Spec.NmsIouThreshold, Spec.MaxDetections, output);
    }
}
