namespace ActorVision.Core.Geometry;

/// <summary>
/// The straight segment from <see cref="A"/> to <see cref="B"/>. Sides are named as seen standing on A and
/// looking at B in image coordinates (y grows downwards): <see cref="SideOf"/> is +1 on the right-hand side.
/// </summary>
public readonly record struct LineSegment(PointF A, PointF B)
{
    public float Length => A.DistanceTo(B);

    /// <summary>Distance of <paramref name="point"/> from the infinite line through A and B: positive on the right-hand side, negative on the left.</summary>
    public float SignedDistance(PointF point)
    {
        var length = Length;
        return length > 0f ? PointF.Cross(B - A, point - A) / length : 0f;
    }

    /// <summary>+1 right of the line, -1 left of it, 0 exactly on it.</summary>
    public int SideOf(PointF point) => Math.Sign(Orientation(A, B, point));

    /// <summary>
    /// Where the straight path from <paramref name="from"/> to <paramref name="to"/> meets the infinite line through
    /// A and B, as a fraction of the way from A (0) to B (1); null when the path runs parallel to the line.
    /// </summary>
    public float? CrossingPosition(PointF from, PointF to)
    {
        var path = to - from;
        var denominator = (double)(B.X - A.X) * path.Y - (double)(B.Y - A.Y) * path.X;
        if (denominator == 0d) return null;
        var numerator = (double)(from.X - A.X) * path.Y - (double)(from.Y - A.Y) * path.X;
        return (float)(numerator / denominator);
    }

    /// <summary>True when the two segments share at least one point (touching and overlapping count).</summary>
    public bool Intersects(LineSegment other)
    {
        var o1 = Math.Sign(Orientation(A, B, other.A));
        var o2 = Math.Sign(Orientation(A, B, other.B));
        var o3 = Math.Sign(Orientation(other.A, other.B, A));
        var o4 = Math.Sign(Orientation(other.A, other.B, B));
        if (o1 != o2 && o3 != o4) return true;
        return (o1 == 0 && WithinBounds(A, B, other.A))
            || (o2 == 0 && WithinBounds(A, B, other.B))
            || (o3 == 0 && WithinBounds(other.A, other.B, A))
            || (o4 == 0 && WithinBounds(other.A, other.B, B));
    }

    // In double precision the sign stays reliable for nearly collinear float points, where float arithmetic flips it.
    private static double Orientation(PointF a, PointF b, PointF c) =>
        ((double)b.X - a.X) * ((double)c.Y - a.Y) - ((double)b.Y - a.Y) * ((double)c.X - a.X);

    private static bool WithinBounds(PointF a, PointF b, PointF p) =>
        p.X >= MathF.Min(a.X, b.X) && p.X <= MathF.Max(a.X, b.X) &&
        p.Y >= MathF.Min(a.Y, b.Y) && p.Y <= MathF.Max(a.Y, b.Y);

    public override string ToString() => $"{A}-{B}";
}
