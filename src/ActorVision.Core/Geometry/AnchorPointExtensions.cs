namespace ActorVision.Core.Geometry;

public static class AnchorPointExtensions
{
    /// <summary>The point of <paramref name="box"/> that <paramref name="anchor"/> names.</summary>
    public static PointF PointOf(this AnchorPoint anchor, BoxF box)
    {
        var (fx, fy) = anchor.Fractions();
        return new PointF(box.X1 + fx * (box.X2 - box.X1), box.Y1 + fy * (box.Y2 - box.Y1));
    }

    /// <summary>Where the anchor sits in a box, as fractions of its width and height from the top-left corner.</summary>
    public static (float X, float Y) Fractions(this AnchorPoint anchor) => anchor switch
    {
        AnchorPoint.BottomCenter => (0.5f, 1f),
        AnchorPoint.Center => (0.5f, 0.5f),
        AnchorPoint.TopCenter => (0.5f, 0f),
        AnchorPoint.BottomLeft => (0f, 1f),
        AnchorPoint.BottomRight => (1f, 1f),
        AnchorPoint.TopLeft => (0f, 0f),
        AnchorPoint.TopRight => (1f, 0f),
        AnchorPoint.CenterLeft => (0f, 0.5f),
        AnchorPoint.CenterRight => (1f, 0.5f),
        _ => throw new ArgumentOutOfRangeException(nameof(anchor), anchor, "unknown anchor point"),
    };
}
