using ActorVision.Core.Geometry;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// Anchor centres of MediaPipe's SsdAnchorsCalculator as BlazeFace configures it (fixed anchor size, aspect ratio 1
/// plus the interpolated scale, so two anchors per layer; layers sharing a stride share one grid). Front-128 uses
/// strides 8,16,16,16 on 128x128 and back-256 uses 16,32,32,32 on 256x256: both give 16x16x2 + 8x8x6 = 896 anchors,
/// in normalised [0,1] input coordinates, in the order of the model's outputs.
/// </summary>
public static class BlazeFaceAnchors
{
    public static readonly int[] FrontStrides = [8, 16, 16, 16];
    public static readonly int[] BackStrides = [16, 32, 32, 32];

    /// <summary>The stride list MediaPipe uses for a BlazeFace model with this square input size.</summary>
    public static int[] StridesFor(int inputSize) => inputSize switch
    {
        128 => FrontStrides,
        256 => BackStrides,
        _ => throw new NotSupportedException($"BlazeFace anchors are defined for 128 (front) and 256 (back) inputs, not {inputSize}"),
    };

    public static PointF[] Generate(int inputWidth, int inputHeight, IReadOnlyList<int> strides, float offset = 0.5f)
    {
        const int anchorsPerLayer = 2;
        var anchors = new List<PointF>();
        var layer = 0;
        while (layer < strides.Count)
        {
            var stride = strides[layer];
            var repeats = 0;
            while (layer < strides.Count && strides[layer] == stride)
            {
                repeats += anchorsPerLayer;
                layer++;
            }
            var rows = (int)Math.Ceiling((double)inputHeight / stride);
            var cols = (int)Math.Ceiling((double)inputWidth / stride);
            for (var y = 0; y < rows; y++)
            for (var x = 0; x < cols; x++)
            for (var a = 0; a < repeats; a++)
                anchors.Add(new PointF((x + offset) / cols, (y + offset) / rows));
        }
        return anchors.ToArray();
    }
}
