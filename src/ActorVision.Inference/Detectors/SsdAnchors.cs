using System.Globalization;
using ActorVision.Inference.Models;

namespace ActorVision.Inference.Detectors;

/// <summary>One SSD anchor in normalised input coordinates (0..1).</summary>
public readonly record struct SsdAnchor(float CenterY, float CenterX, float Height, float Width);

/// <summary>
/// The anchors of TensorFlow's <c>ssd_anchor_generator</c> (see <see cref="SsdAnchorOptions"/>), in the order the
/// model's outputs list them: layer by layer, row by row, column by column, anchor by anchor. SSD MobileNet 300x300
/// has 19x19x3 + 10x10x6 + 5x5x6 + 3x3x6 + 2x2x6 + 1x1x6 = 1917.
/// </summary>
public static class SsdAnchors
{
    /// <summary>The metadata key under which scripts/ssd_tflite_to_onnx.py keeps the anchors the model was exported with.</summary>
    public const string MetadataKey = "ssd.anchors";

    public static SsdAnchor[] Generate(SsdAnchorOptions options, int inputWidth, int inputHeight)
    {
        var layers = options.Strides.Count;
        float Scale(int layer) => layers == 1 ? options.MinScale : options.MinScale + (options.MaxScale - options.MinScale) * layer / (layers - 1);

        var anchors = new List<SsdAnchor>();
        for (var layer = 0; layer < layers; layer++)
        {
            var shapes = new List<(float Scale, float AspectRatio)>();
            var scale = Scale(layer);
            if (layer == 0 && options.ReduceBoxesInLowestLayer)
            {
                shapes.Add((0.1f, 1f));
                shapes.Add((scale, 2f));
                shapes.Add((scale, 0.5f));
            }
            else
            {
                foreach (var ratio in options.AspectRatios) shapes.Add((scale, ratio));
                var next = layer == layers - 1 ? 1f : Scale(layer + 1);
                shapes.Add((MathF.Sqrt(scale * next), options.InterpolatedScaleAspectRatio));
            }
            var rows = (int)Math.Ceiling((double)inputHeight / options.Strides[layer]);
            var columns = (int)Math.Ceiling((double)inputWidth / options.Strides[layer]);
            for (var y = 0; y < rows; y++)
            for (var x = 0; x < columns; x++)
            foreach (var (s, ratio) in shapes)
            {
                var root = MathF.Sqrt(ratio);
                anchors.Add(new SsdAnchor((y + 0.5f) / rows, (x + 0.5f) / columns, s / root, s * root));
            }
        }
        return anchors.ToArray();
    }

    /// <summary>Parses the anchors kept in a model's metadata: rows of "ycenter xcenter height width".</summary>
    public static SsdAnchor[] Parse(string text)
    {
        var values = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        if (values.Length % 4 != 0) throw new FormatException($"{values.Length} anchor values is not a multiple of 4");
        var anchors = new SsdAnchor[values.Length / 4];
        for (var i = 0; i < anchors.Length; i++) anchors[i] = new SsdAnchor(values[4 * i], values[4 * i + 1], values[4 * i + 2], values[4 * i + 3]);
        return anchors;
    }

    /// <summary>The largest difference of any coordinate between two anchor lists of equal length.</summary>
    public static float LargestDifference(IReadOnlyList<SsdAnchor> a, IReadOnlyList<SsdAnchor> b)
    {
        if (a.Count != b.Count) return float.PositiveInfinity;
        var worst = 0f;
        for (var i = 0; i < a.Count; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(a[i].CenterY - b[i].CenterY));
            worst = MathF.Max(worst, MathF.Abs(a[i].CenterX - b[i].CenterX));
            worst = MathF.Max(worst, MathF.Abs(a[i].Height - b[i].Height));
            worst = MathF.Max(worst, MathF.Abs(a[i].Width - b[i].Width));
        }
        return worst;
    }
}
