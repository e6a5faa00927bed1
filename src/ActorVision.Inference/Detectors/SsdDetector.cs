using System.Globalization;
using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// SSD detectors (TensorFlow Object Detection API convention), in either of the two forms their exports take,
/// told apart by the outputs:
/// <list type="bullet">
/// <item><b>Raw</b>: box encodings [N, K, 4] (ty, tx, th, tw against K anchors) and class scores [N, K, C] (already
/// activated; column 0 the background when <see cref="SsdOptions.BackgroundColumn"/>). The anchors are generated
/// (<see cref="SsdAnchors"/>) and, when the model carries its own in its metadata, checked against them. Each anchor
/// keeps its best included class; per-class NMS follows. This is what scripts/ssd_tflite_to_onnx.py writes.</item>
/// <item><b>Post-processed</b>, found by name: boxes [N, K, 4] as normalised (ymin, xmin, ymax, xmax), scores [N, K],
/// classes [N, K] and optionally the valid count [N, 1] (names containing "box", "score", "class" or "label", and
/// "num"). Class values index the class names directly. NMS is applied again per class, which is harmless for
/// models that already did it and needed for those that did not.</item>
/// </list>
/// Boxes are relative to the model input, so the spec's resize mode maps them back (SSDs are trained stretched).
/// </summary>
public sealed class SsdDetector : OnnxDetector
{
    // Anchors exported as uint8 by TFLite drift from the generated ones by rounding (0.0032 seen on the COCO model).
    private const float AnchorTolerance = 0.005f;

    private readonly bool _raw;
    private readonly int _boxes;
    private readonly int _scores;
    private readonly int _classes = -1;
    private readonly int _count = -1;
    private readonly SsdAnchor[] _anchors = [];
    private readonly int[] _scoreColumns = [];
    private readonly int _columns;
    private readonly int _firstClassColumn;

    public SsdDetector(ModelSpec spec, ILogger? logger = null) : base(spec, logger)
    {
        try
        {
            var raw = FindRawOutputs();
            if (raw is { } found)
            {
                _raw = true;
                (_boxes, _scores) = found;
                (_anchors, _columns, _firstClassColumn, _scoreColumns) = PrepareRaw(spec);
                return;
            }
            _boxes = Find("box");
            _scores = Find("score");
            _classes = Find("class");
            if (_classes < 0) _classes = Find("label");
            _count = Find("num");
            if (_boxes < 0 || _scores < 0 || _classes < 0)
                throw new NotSupportedException(
                    $"model '{spec.Name}': SSD outputs are either raw (box encodings [N, K, 4] and class scores [N, K, C]) or post-processed, " +
                    $"found by name (box, score, class/label, num); the model has {Describe()}");
        }
        catch
        {
            Dispose(); // the session opened by the base constructor
            throw;
        }
    }

    /// <summary>True when the model gives raw box encodings and class scores (decoded here against anchors).</summary>
    public bool ReadsRawOutputs => _raw;

    /// <summary>The anchors raw outputs are decoded against (empty for post-processed outputs).</summary>
    public IReadOnlyList<SsdAnchor> Anchors => _anchors;

    private (int Boxes, int Scores)? FindRawOutputs()
    {
        var dims = OutputItemDims;
        if (dims.Count != 2 || dims[0].Length != 2 || dims[1].Length != 2 || dims[0][0] != dims[1][0]) return null;
        bool IsBoxes(int i) => dims[i][1] == 4;
        var byName = Find("box");
        if (byName >= 0 && IsBoxes(byName)) return (byName, 1 - byName);
        if (IsBoxes(0) && !IsBoxes(1)) return (0, 1);
        if (IsBoxes(1) && !IsBoxes(0)) return (1, 0);
        return null;
    }

    private (SsdAnchor[] Anchors, int Columns, int FirstClass, int[] ScoreColumns) PrepareRaw(ModelSpec spec)
    {
        var anchorCount = OutputItemDims[_boxes][0];
        var columns = (int)OutputItemDims[_scores][1];
        var anchors = SsdAnchors.Generate(spec.Ssd.Anchors, spec.InputWidth, spec.InputHeight);
        if (anchorCount > 0 && anchors.Length != anchorCount)
            throw new NotSupportedException(
                $"model '{spec.Name}': the model scores {anchorCount} anchors, the anchor settings (ssd.anchors) generate {anchors.Length} for a {spec.InputWidth}x{spec.InputHeight} input");
        if (ModelMetadata.TryGetValue(SsdAnchors.MetadataKey, out var exported))
        {
            var own = SsdAnchors.Parse(exported);
            var difference = SsdAnchors.LargestDifference(anchors, own);
            if (difference > AnchorTolerance)
                throw new NotSupportedException(
                    $"model '{spec.Name}': the generated anchors differ from the {own.Length} the model was exported with by up to " +
                    $"{difference.ToString("0.####", CultureInfo.InvariantCulture)} (check ssd.anchors and the input size)");
        }
        var firstClass = spec.Ssd.BackgroundColumn ? 1 : 0;
        if (columns <= firstClass) throw new NotSupportedException($"model '{spec.Name}': class scores have {columns} columns, no class besides the background");
        if (Labels.Count > 0 && columns - firstClass < Labels.Count)
            throw new NotSupportedException($"model '{spec.Name}': class scores have {columns - firstClass} classes, the class names {Labels.Count}");
        // Only columns of classes the spec reports, and that have a name when names are given (gaps in COCO's ids).
        var scoreColumns = Enumerable.Range(firstClass, columns - firstClass)
            .Where(c => Labels.IsIncluded(c - firstClass) && (Labels.Count == 0 || Labels.IsNamed(c - firstClass)))
            .ToArray();
        return (anchors, columns, firstClass, scoreColumns);
    }

    private int Find(string part)
    {
        for (var i = 0; i < OutputNames.Count; i++)
            if (OutputNames[i].Contains(part, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private string Describe() => string.Join(", ", OutputNames.Select((n, i) => $"{n} [N, {string.Join(", ", OutputItemDims[i])}]"));

    private protected override void Decode(ModelOutputs outputs, int image, InputTransform transform, List<Detection> candidates, List<Detection> output)
    {
        if (_raw) DecodeRaw(outputs, image, transform, candidates);
        else DecodePostProcessed(outputs, image, transform, candidates);
        NonMaxSuppression.Hard(candidates, Spec.NmsIouThreshold, Spec.MaxDetections, output);
    }

    private void DecodeRaw(ModelOutputs outputs, int image, InputTransform transform, List<Detection> candidates)
    {
        var encodings = outputs.Item(_boxes, image);
        var scores = outputs.Item(_scores, image);
        if (encodings.Length != _anchors.Length * 4 || scores.Length != _anchors.Length * _columns)
            throw new ModelOutputException($"model '{ModelName}': {encodings.Length / 4} box encodings and {scores.Length / _columns} score rows for {_anchors.Length} anchors");
        var scales = Spec.Ssd.BoxScales;
        float yScale = scales[0], xScale = scales[1], hScale = scales[2], wScale = scales[3];
        float width = Spec.InputWidth, height = Spec.InputHeight;
        var lowest = Labels.LowestThreshold;
        var columns = _scoreColumns;
        for (var k = 0; k < _anchors.Length; k++)
        {
            var row = scores.Slice(k * _columns, _columns);
            var best = -1;
            var bestScore = lowest;
            foreach (var c in columns)
            {
                if (row[c] < bestScore) continue;
                bestScore = row[c];
                best = c;
            }
            if (best < 0) continue;
            var classId = best - _firstClassColumn;
            if (bestScore < Labels.Threshold(classId)) continue;
            var a = _anchors[k];
            var e = encodings.Slice(k * 4, 4);
            var cy = e[0] / yScale * a.Height + a.CenterY;
            var cx = e[1] / xScale * a.Width + a.CenterX;
            var h = MathF.Exp(e[2] / hScale) * a.Height;
            var w = MathF.Exp(e[3] / wScale) * a.Width;
            var box = new BoxF((cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height);
            candidates.Add(new Detection(transform.ToSource(box), bestScore, classId, Labels[classId]));
        }
    }

    private void DecodePostProcessed(ModelOutputs outputs, int image, InputTransform transform, List<Detection> candidates)
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
            if (score < Labels.Threshold(classId) || !Labels.IsIncluded(classId)) continue;
            var b = boxes.Slice(k * 4, 4);
            var box = new BoxF(b[1] * width, b[0] * height, b[3] * width, b[2] * height);
            candidates.Add(new Detection(transform.ToSource(box), score, classId, Labels[classId]));
        }
    }
}
