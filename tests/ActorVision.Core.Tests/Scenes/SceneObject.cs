using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tests.Scenes;

/// <summary>
/// One synthetic object: its box's bottom-centre follows straight lines between waypoints (normalised frame
/// coordinates, times in seconds), and it is detected except where hidden. Before its first and after its last
/// waypoint it is not in the frame.
/// </summary>
public sealed record SceneObject
{
    public required string Label { get; init; }
    public int ClassId { get; init; }
    public required IReadOnlyList<(double Seconds, float X, float Y)> Waypoints { get; init; }
    /// <summary>Normalised box size.</summary>
    public SizeF Size { get; init; } = new(0.04f, 0.15f);
    public float Score { get; init; } = 0.9f;
    /// <summary>Intervals [from, to) in seconds where the detector misses the object.</summary>
    public IReadOnlyList<(double From, double To)> Hidden { get; init; } = [];
    /// <summary>Intervals [from, to) where the detection comes with <see cref="LowScore"/> (partial occlusion).</summary>
    public IReadOnlyList<(double From, double To)> Faint { get; init; } = [];
    public float LowScore { get; init; } = 0.3f;

    public static SceneObject Person(params (double Seconds, float X, float Y)[] waypoints) =>
        new() { Label = "person", ClassId = 0, Waypoints = waypoints };

    public static SceneObject Car(params (double Seconds, float X, float Y)[] waypoints) =>
        new() { Label = "car", ClassId = 2, Waypoints = waypoints, Size = new(0.12f, 0.1f) };

    public SceneObject HiddenBetween(double from, double to) => this with { Hidden = [.. Hidden, (from, to)] };

    public SceneObject FaintBetween(double from, double to) => this with { Faint = [.. Faint, (from, to)] };

    /// <summary>Bottom-centre position at <paramref name="seconds"/>, or null when the object is not in the frame.</summary>
    public PointF? PositionAt(double seconds)
    {
        var points = Waypoints;
        if (points.Count == 0 || seconds < points[0].Seconds || seconds > points[^1].Seconds) return null;
        for (var i = 1; i < points.Count; i++)
        {
            var (t1, x1, y1) = points[i];
            if (seconds > t1) continue;
            var (t0, x0, y0) = points[i - 1];
            var f = t1 > t0 ? (float)((seconds - t0) / (t1 - t0)) : 1f;
            return new PointF(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f);
        }
        return new PointF(points[0].X, points[0].Y);
    }

    public override string ToString() =>
        $"{Label} via {string.Join(" ", Waypoints.Select(w => FormattableString.Invariant($"{w.Seconds}s:({w.X},{w.Y})")))}"
        + (Hidden.Count > 0 ? " hidden " + string.Join(" ", Hidden.Select(h => FormattableString.Invariant($"{h.From}-{h.To}s"))) : "");

    public bool IsHiddenAt(double seconds) => Hidden.Any(h => seconds >= h.From && seconds < h.To);

    public float ScoreAt(double seconds) => Faint.Any(h => seconds >= h.From && seconds < h.To) ? LowScore : Score;
}
