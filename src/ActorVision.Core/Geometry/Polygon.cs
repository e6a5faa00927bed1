using System.Collections.ObjectModel;

namespace ActorVision.Core.Geometry;

/// <summary>
/// A closed polygon given by its corners in order (the last corner joins the first). Immutable, and equal to
/// another polygon with the same corners in the same order, so rule specs that carry one compare by value.
/// Any list of points is accepted; <see cref="FindCrossingEdges"/> and the rule validator say what is wrong with it.
/// </summary>
public sealed class Polygon : IEquatable<Polygon>
{
    private readonly PointF[] _points;
    private readonly float _minX, _minY, _maxX, _maxY;
    // Edge i runs from corner i to corner i+1; the slope is dx/dy (unused for horizontal edges, which never cross a scan line).
    private readonly float[] _edgeStartX, _edgeStartY, _edgeEndY, _edgeSlope;

    public Polygon(IReadOnlyList<PointF> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        _points = points.ToArray();
        Points = new ReadOnlyCollection<PointF>(_points);
        _minX = _minY = float.PositiveInfinity;
        _maxX = _maxY = float.NegativeInfinity;
        foreach (var p in _points)
        {
            _minX = MathF.Min(_minX, p.X);
            _minY = MathF.Min(_minY, p.Y);
            _maxX = MathF.Max(_maxX, p.X);
            _maxY = MathF.Max(_maxY, p.Y);
        }
        var n = _points.Length;
        _edgeStartX = new float[n];
        _edgeStartY = new float[n];
        _edgeEndY = new float[n];
        _edgeSlope = new float[n];
        for (var i = 0; i < n; i++)
        {
            var a = _points[i];
            var b = _points[(i + 1) % n];
            _edgeStartX[i] = a.X;
            _edgeStartY[i] = a.Y;
            _edgeEndY[i] = b.Y;
            _edgeSlope[i] = b.Y != a.Y ? (b.X - a.X) / (b.Y - a.Y) : 0f;
        }
    }

    public static Polygon Of(params PointF[] points) => new(points);

    /// <summary>An axis-aligned rectangle as a polygon, corners clockwise on the image from the top-left.</summary>
    public static Polygon Rectangle(float x1, float y1, float x2, float y2) =>
        new([new(x1, y1), new(x2, y1), new(x2, y2), new(x1, y2)]);

    public IReadOnlyList<PointF> Points { get; }

    public int Count => _points.Length;

    public LineSegment Edge(int index) => new(_points[index], _points[(index + 1) % _points.Length]);

    /// <summary>Enclosed area (always positive) by the shoelace formula; meaningful only for a simple polygon.</summary>
    public float Area
    {
        get
        {
            var sum = 0d;
            for (int i = 0, j = _points.Length - 1; i < _points.Length; j = i++)
                sum += (double)_points[j].X * _points[i].Y - (double)_points[i].X * _points[j].Y;
            return (float)Math.Abs(sum / 2d);
        }
    }

    /// <summary>Even-odd point-in-polygon test. Points exactly on an edge may fall either way; allocation-free.</summary>
    public bool Contains(PointF point)
    {
        if (_points.Length < 3 || !(point.X >= _minX && point.X <= _maxX && point.Y >= _minY && point.Y <= _maxY)) return false;
        var inside = false;
        var startX = _edgeStartX;
        var startY = _edgeStartY;
        var endY = _edgeEndY;
        var slope = _edgeSlope;
        for (var i = 0; i < startX.Length; i++)
        {
            if ((startY[i] > point.Y) != (endY[i] > point.Y) && point.X < startX[i] + (point.Y - startY[i]) * slope[i])
                inside = !inside;
        }
        return inside;
    }

    /// <summary>
    /// The first pair of edges that touch or cross although they are not neighbours (edge i runs from corner i to
    /// corner i+1), or two neighbouring edges that fold back onto each other; null for a simple polygon.
    /// </summary>
    public (int First, int Second)? FindCrossingEdges()
    {
        var n = _points.Length;
        if (n < 3) return null;
        for (var i = 0; i < n; i++)
        {
            var ei = Edge(i);
            for (var j = i + 1; j < n; j++)
            {
                var adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (!adjacent)
                {
                    if (ei.Intersects(Edge(j))) return (i, j);
                    continue;
                }
                // Neighbours share a corner; they are wrong only when they run back along each other.
                var shared = j == i + 1 ? _points[j] : _points[i];
                var otherOfI = j == i + 1 ? _points[i] : _points[(i + 1) % n];
                var otherOfJ = j == i + 1 ? _points[(j + 1) % n] : _points[j];
                var u = otherOfI - shared;
                var v = otherOfJ - shared;
                var cross = (double)u.X * v.Y - (double)u.Y * v.X;
                var dot = (double)u.X * v.X + (double)u.Y * v.Y;
                if (cross == 0d && dot > 0d) return (i, j);
            }
        }
        return null;
    }

    public bool Equals(Polygon? other) =>
        other is not null && (ReferenceEquals(this, other) || _points.AsSpan().SequenceEqual(other._points));

    public override bool Equals(object? obj) => Equals(obj as Polygon);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in _points) hash.Add(p);
        return hash.ToHashCode();
    }

    public static bool operator ==(Polygon? left, Polygon? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(Polygon? left, Polygon? right) => !(left == right);

    public override string ToString() => "[" + string.Join(", ", _points) + "]";
}
