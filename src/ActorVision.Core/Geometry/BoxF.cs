namespace ActorVision.Core.Geometry;

/// <summary>An axis-aligned box given by its top-left (X1, Y1) and bottom-right (X2, Y2) corners.</summary>
public readonly record struct BoxF(float X1, float Y1, float X2, float Y2)
{
    public static BoxF FromCenter(float cx, float cy, float width, float height) =>
        new(cx - width / 2f, cy - height / 2f, cx + width / 2f, cy + height / 2f);

    public static BoxF FromXywh(float x, float y, float width, float height) => new(x, y, x + width, y + height);

    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float Area => Width > 0 && Height > 0 ? Width * Height : 0f;
    public PointF Center => new((X1 + X2) / 2f, (Y1 + Y2) / 2f);
    public PointF BottomCenter => new((X1 + X2) / 2f, Y2);
    public bool IsEmpty => Width <= 0 || Height <= 0;

    public BoxF Intersect(BoxF other)
    {
        var x1 = MathF.Max(X1, other.X1);
        var y1 = MathF.Max(Y1, other.Y1);
        var x2 = MathF.Min(X2, other.X2);
        var y2 = MathF.Min(Y2, other.Y2);
        return x2 > x1 && y2 > y1 ? new BoxF(x1, y1, x2, y2) : default;
    }

    /// <summary>Intersection over union in [0,1]; 0 when either box is empty.</summary>
    public float IoU(BoxF other)
    {
        var inter = Intersect(other).Area;
        if (inter <= 0f) return 0f;
        var union = Area + other.Area - inter;
        return union <= 0f ? 0f : inter / union;
    }

    public BoxF Clamp(float width, float height) => new(
        Math.Clamp(X1, 0f, width), Math.Clamp(Y1, 0f, height),
        Math.Clamp(X2, 0f, width), Math.Clamp(Y2, 0f, height));

    public BoxF Scale(float sx, float sy) => new(X1 * sx, Y1 * sy, X2 * sx, Y2 * sy);

    public BoxF Offset(float dx, float dy) => new(X1 + dx, Y1 + dy, X2 + dx, Y2 + dy);

    public override string ToString() =>
        FormattableString.Invariant($"[{X1:0.#}, {Y1:0.#}, {X2:0.#}, {Y2:0.#}]");
}
