namespace ActorVision.Core.Geometry;

/// <summary>A point in pixels or, for rule geometry, in normalised [0,1] frame coordinates.</summary>
public readonly record struct PointF(float X, float Y)
{
    public static PointF operator +(PointF a, PointF b) => new(a.X + b.X, a.Y + b.Y);
    public static PointF operator -(PointF a, PointF b) => new(a.X - b.X, a.Y - b.Y);
    public static PointF operator *(PointF a, float k) => new(a.X * k, a.Y * k);

    /// <summary>The z component of the 2D cross product: positive when <paramref name="b"/> is counter-clockwise of <paramref name="a"/>.</summary>
    public static float Cross(PointF a, PointF b) => a.X * b.Y - a.Y * b.X;

    public float DistanceTo(PointF other)
    {
        var dx = X - other.X;
        var dy = Y - other.Y;
        return MathF.Sqrt(dx * dx + dy * dy);
    }

    public override string ToString() => FormattableString.Invariant($"({X:0.###}, {Y:0.###})");
}
