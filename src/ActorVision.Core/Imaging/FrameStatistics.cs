namespace ActorVision.Core.Imaging;

/// <summary>
/// What camera-health rules need to know about a picture, from a coarse grid of luma samples (0..255).
/// </summary>
/// <param name="MeanLuma">Average brightness: near 0 when the image is black.</param>
/// <param name="LumaContrast">Standard deviation of the samples: near 0 when the image is uniform (covered lens, sprayed, out of focus).</param>
/// <param name="MeanAbsoluteDifference">Average change of the samples since the previous frame: 0 for a repeated (frozen) image, large for a sudden change. Meaningful only when <paramref name="HasPrevious"/>.</param>
/// <param name="HasPrevious">False for the first frame, or after the frame size changed.</param>
public readonly record struct FrameStatistics(float MeanLuma, float LumaContrast, float MeanAbsoluteDifference, bool HasPrevious)
{
    public override string ToString() => HasPrevious
        ? FormattableString.Invariant($"luma {MeanLuma:0.0} contrast {LumaContrast:0.0} change {MeanAbsoluteDifference:0.00}")
        : FormattableString.Invariant($"luma {MeanLuma:0.0} contrast {LumaContrast:0.0}");
}
