namespace ActorVision.Inference.Models;

/// <summary>
/// How the <c>ssd</c> adapter decodes raw SSD outputs (box encodings against generated anchors, and a score per
/// class): the TensorFlow Object Detection API's box coder and anchor generator settings. The defaults are those of
/// SSD MobileNet V1/V2 300x300 (the COCO model setup fetches).
/// </summary>
public sealed record SsdOptions
{
    /// <summary>Box coder scales (y, x, height, width): centre offsets are divided by the first two, log sizes by the last two.</summary>
    public IReadOnlyList<float> BoxScales { get; init; } = [10f, 10f, 5f, 5f];

    /// <summary>Score column 0 is the background class; column k is class id k - 1.</summary>
    public bool BackgroundColumn { get; init; } = true;

    public SsdAnchorOptions Anchors { get; init; } = new();

    public IEnumerable<string> Problems()
    {
        if (BoxScales.Count != 4 || BoxScales.Any(s => !(s > 0f) || !float.IsFinite(s))) yield return "ssd.box-scales needs four positive values (y, x, height, width)";
        foreach (var problem in Anchors.Problems()) yield return problem;
    }

    public bool Equals(SsdOptions? other) =>
        other is not null && BoxScales.SequenceEqual(other.BoxScales) && BackgroundColumn == other.BackgroundColumn && Anchors == other.Anchors;

    public override int GetHashCode() => HashCode.Combine(BoxScales.Count, BackgroundColumn, Anchors);
}

/// <summary>
/// TensorFlow's <c>ssd_anchor_generator</c>: one layer per feature map (stride), scales spaced evenly from
/// <see cref="MinScale"/> to <see cref="MaxScale"/>, one anchor per aspect ratio plus one at the scale between
/// this layer's and the next; the first layer reduced to three anchors (0.1 at 1:1, and 2:1, 1:2 at its scale).
/// </summary>
public sealed record SsdAnchorOptions
{
    public float MinScale { get; init; } = 0.2f;
    public float MaxScale { get; init; } = 0.95f;
    /// <summary>Input pixels per feature-map cell, one entry per layer (grids are ceil(input / stride)).</summary>
    public IReadOnlyList<int> Strides { get; init; } = [16, 32, 64, 128, 256, 512];
    public IReadOnlyList<float> AspectRatios { get; init; } = [1f, 2f, 0.5f, 3f, 0.3333f];
    public float InterpolatedScaleAspectRatio { get; init; } = 1f;
    public bool ReduceBoxesInLowestLayer { get; init; } = true;

    public IEnumerable<string> Problems()
    {
        if (!(MinScale > 0f && MaxScale >= MinScale)) yield return "ssd.anchors: min-scale must be positive and at most max-scale";
        if (Strides.Count == 0 || Strides.Any(s => s <= 0)) yield return "ssd.anchors.strides needs one positive stride per layer";
        if (AspectRatios.Count == 0 || AspectRatios.Any(a => !(a > 0f))) yield return "ssd.anchors.aspect-ratios needs positive ratios";
    }

    public bool Equals(SsdAnchorOptions? other) =>
        other is not null && MinScale == other.MinScale && MaxScale == other.MaxScale && Strides.SequenceEqual(other.Strides)
        && AspectRatios.SequenceEqual(other.AspectRatios) && InterpolatedScaleAspectRatio == other.InterpolatedScaleAspectRatio
        && ReduceBoxesInLowestLayer == other.ReduceBoxesInLowestLayer;

    public override int GetHashCode() => HashCode.Combine(MinScale, MaxScale, Strides.Count, AspectRatios.Count, ReduceBoxesInLowestLayer);
}
