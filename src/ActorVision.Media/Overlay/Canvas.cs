using ActorVision.Core.Geometry;

namespace ActorVision.Media.Overlay;

/// <summary>
/// Draws boxes, labels, text, lines, arrows and polygons onto a picture, in pixel coordinates (pixel (x, y) covers
/// [x, x+1) x [y, y+1)). Callers convert normalised geometry first. A transform (scale then offset) maps the
/// caller's coordinates onto this picture, e.g. frame coordinates onto a scaled snapshot crop; line thickness and
/// text size are in picture pixels and are not scaled. Everything is clipped to the picture.
/// Subclasses only fill horizontal spans, so each pixel format implements one method.
/// </summary>
public abstract class Canvas
{
    private const int MaxPolygonCrossings = 64;

    protected Canvas(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
    }

    public int Width { get; protected set; }
    public int Height { get; protected set; }

    public float ScaleX { get; private set; } = 1;
    public float ScaleY { get; private set; } = 1;
    public float OffsetX { get; private set; }
    public float OffsetY { get; private set; }

    /// <summary>Maps caller point (x, y) to picture point (x * scaleX + offsetX, y * scaleY + offsetY).</summary>
    public void SetTransform(float scaleX, float scaleY, float offsetX, float offsetY)
    {
        if (!(scaleX > 0) || !(scaleY > 0)) throw new ArgumentOutOfRangeException(nameof(scaleX), "scales must be positive");
        (ScaleX, ScaleY, OffsetX, OffsetY) = (scaleX, scaleY, offsetX, offsetY);
    }

    public void ResetTransform() => (ScaleX, ScaleY, OffsetX, OffsetY) = (1, 1, 0, 0);

    /// <summary>Fills pixels [x0, x1) of row y (already clipped, x0 &lt; x1). Alpha 255 is opaque.</summary>
    protected abstract void FillSpan(int y, int x0, int x1, Rgb color, byte alpha);

    /// <summary>Fills the rectangle [x, x+width) x [y, y+height) in picture pixels, untransformed.</summary>
    public void FillRectanglePixels(int x, int y, int width, int height, Rgb color, byte alpha = 255)
    {
        var x0 = Math.Max(0, x);
        var x1 = Math.Min(Width, x + width);
        var y0 = Math.Max(0, y);
        var y1 = Math.Min(Height, y + height);
        if (x0 >= x1 || alpha == 0) return;
        for (var row = y0; row < y1; row++) FillSpan(row, x0, x1, color, alpha);
    }

    /// <summary>Fills a box (corners transformed and rounded to pixel edges).</summary>
    public void FillBox(BoxF box, Rgb color, byte alpha = 255)
    {
        var (x0, y0, x1, y1) = ToPixels(box);
        FillRectanglePixels(x0, y0, x1 - x0, y1 - y0, color, alpha);
    }

    /// <summary>Outlines a box with a border <paramref name="thickness"/> pixels wide, drawn inside the box.</summary>
    public void DrawBox(BoxF box, Rgb color, int thickness = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        var (x0, y0, x1, y1) = ToPixels(box);
        var w = x1 - x0;
        var h = y1 - y0;
        if (w <= 0 || h <= 0) return;
        var t = Math.Min(thickness, Math.Min((w + 1) / 2, (h + 1) / 2));
        FillRectanglePixels(x0, y0, w, t, color);
        FillRectanglePixels(x0, y1 - t, w, t, color);
        FillRectanglePixels(x0, y0 + t, t, h - 2 * t, color);
        FillRectanglePixels(x1 - t, y0 + t, t, h - 2 * t, color);
    }

    /// <summary>Text in the built-in font with its top-left at (x, y) (transformed). '\n' starts a new line.</summary>
    public void DrawText(float x, float y, ReadOnlySpan<char> text, Rgb color, int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        DrawTextPixels((int)MathF.Round(x * ScaleX + OffsetX), (int)MathF.Round(y * ScaleY + OffsetY), text, color, scale);
    }

    /// <summary>Text on a filled background with <paramref name="padding"/> pixels around it; returns the label's size in pixels.</summary>
    public (int Width, int Height) DrawLabel(float x, float y, ReadOnlySpan<char> text, Rgb background, Rgb? textColor = null, int scale = 1, int padding = 2)
    {
        var (tw, th) = BitmapFont.Measure(text, scale);
        var width = tw + 2 * padding;
        var height = th + 2 * padding;
        var px = (int)MathF.Round(x * ScaleX + OffsetX);
        var py = (int)MathF.Round(y * ScaleY + OffsetY);
        FillRectanglePixels(px, py, width, height, background);
        DrawTextPixels(px + padding, py + padding, text, textColor ?? background.Contrasting, scale);
        return (width, height);
    }

    /// <summary>A detection as operators expect it: the box outline and, when given, a label on the box's colour just above
    /// its top-left corner (inside the box when there is no room above).</summary>
    public void DrawDetection(BoxF box, ReadOnlySpan<char> label, Rgb color, int thickness = 2, int textScale = 1)
    {
        DrawBox(box, color, thickness);
        if (label.IsEmpty) return;
        var (x0, y0, _, _) = ToPixels(box);
        var (tw, th) = BitmapFont.Measure(label, textScale);
        var top = y0 - (th + 4) >= 0 ? y0 - (th + 4) : y0;
        FillRectanglePixels(x0, top, tw + 4, th + 4, color);
        DrawTextPixels(x0 + 2, top + 2, label, color.Contrasting, textScale);
    }

    /// <summary>A straight line <paramref name="thickness"/> pixels wide between two points (transformed).</summary>
    public void DrawLine(PointF from, PointF to, Rgb color, int thickness = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        var a = Map(from);
        var b = Map(to);
        DrawLinePixels((int)MathF.Floor(a.X), (int)MathF.Floor(a.Y), (int)MathF.Floor(b.X), (int)MathF.Floor(b.Y), color, thickness);
    }

    /// <summary>A line with a filled triangular head at <paramref name="to"/> (direction of travel, line-crossing direction).</summary>
    public void DrawArrow(PointF from, PointF to, Rgb color, int thickness = 2, float headLength = 12)
    {
        var a = Map(from);
        var b = Map(to);
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var length = MathF.Sqrt(dx * dx + dy * dy);
        if (length < 1e-3f) return;
        var (ux, uy) = (dx / length, dy / length);
        var head = MathF.Min(headLength, length);
        var baseCenter = new PointF(b.X - ux * head, b.Y - uy * head);
        var half = head * 0.5f;
        DrawLinePixels((int)MathF.Floor(a.X), (int)MathF.Floor(a.Y), (int)MathF.Floor(baseCenter.X), (int)MathF.Floor(baseCenter.Y), color, thickness);
        Span<PointF> triangle = [b, new(baseCenter.X - uy * half, baseCenter.Y + ux * half), new(baseCenter.X + uy * half, baseCenter.Y - ux * half)];
        FillPolygonPixels(triangle, color, 255);
    }

    /// <summary>A closed polygon (zone): outline of <paramref name="thickness"/> pixels, and an optional translucent fill.</summary>
    public void DrawPolygon(ReadOnlySpan<PointF> points, Rgb color, int thickness = 2, Rgb? fill = null, byte fillAlpha = 80)
    {
        if (points.Length < 2) return;
        if (fill is { } f && points.Length >= 3) FillPolygon(points, f, fillAlpha);
        for (var i = 0; i < points.Length; i++)
        {
            var next = points[(i + 1) % points.Length];
            if (points.Length == 2 && i == 1) break;
            DrawLine(points[i], next, color, thickness);
        }
    }

    /// <summary>Fills a polygon (even-odd rule, pixel centres), optionally translucent.</summary>
    public void FillPolygon(ReadOnlySpan<PointF> points, Rgb color, byte alpha = 255)
    {
        if (points.Length < 3) return;
        Span<PointF> mapped = points.Length <= 64 ? stackalloc PointF[points.Length] : new PointF[points.Length];
        for (var i = 0; i < points.Length; i++) mapped[i] = Map(points[i]);
        FillPolygonPixels(mapped, color, alpha);
    }

    private void FillPolygonPixels(ReadOnlySpan<PointF> p, Rgb color, byte alpha)
    {
        var minY = float.MaxValue;
        var maxY = float.MinValue;
        foreach (var point in p)
        {
            minY = MathF.Min(minY, point.Y);
            maxY = MathF.Max(maxY, point.Y);
        }
        var y0 = Math.Max(0, (int)MathF.Floor(minY));
        var y1 = Math.Min(Height - 1, (int)MathF.Ceiling(maxY));
        Span<float> crossings = stackalloc float[MaxPolygonCrossings];
        for (var y = y0; y <= y1; y++)
        {
            var cy = y + 0.5f;
            var count = 0;
            for (var i = 0; i < p.Length; i++)
            {
                var a = p[i];
                var b = p[(i + 1) % p.Length];
                if ((a.Y <= cy && b.Y > cy) || (b.Y <= cy && a.Y > cy))
                {
                    if (count == MaxPolygonCrossings) break;
                    crossings[count++] = a.X + (cy - a.Y) / (b.Y - a.Y) * (b.X - a.X);
                }
            }
            var xs = crossings[..count];
            xs.Sort();
            for (var i = 0; i + 1 < count; i += 2)
            {
                // Pixels whose centre lies inside [xs[i], xs[i+1]).
                var x0 = Math.Max(0, (int)MathF.Ceiling(xs[i] - 0.5f));
                var x1 = Math.Min(Width, (int)MathF.Ceiling(xs[i + 1] - 0.5f));
                if (x0 < x1) FillSpan(y, x0, x1, color, alpha);
            }
        }
    }

    private void DrawLinePixels(int x0, int y0, int x1, int y1, Rgb color, int thickness)
    {
        // Bresenham, stamping a thickness-wide run across the line's main direction at every step.
        var dx = Math.Abs(x1 - x0);
        var dy = -Math.Abs(y1 - y0);
        var sx = x0 < x1 ? 1 : -1;
        var sy = y0 < y1 ? 1 : -1;
        var error = dx + dy;
        var mostlyHorizontal = dx >= -dy;
        var before = (thickness - 1) / 2;
        // Long lines far outside the picture are cheap to skip entirely.
        if (Math.Max(x0, x1) + thickness < 0 || Math.Min(x0, x1) - thickness >= Width || Math.Max(y0, y1) + thickness < 0 || Math.Min(y0, y1) - thickness >= Height)
            return;
        while (true)
        {
            if (mostlyHorizontal) FillRectanglePixels(x0, y0 - before, 1, thickness, color);
            else FillRectanglePixels(x0 - before, y0, thickness, 1, color);
            if (x0 == x1 && y0 == y1) break;
            var e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x0 += sx;
            }
            if (e2 <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    private void DrawTextPixels(int x, int y, ReadOnlySpan<char> text, Rgb color, int scale)
    {
        var penX = x;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                penX = x;
                y += BitmapFont.CellHeight * scale;
                continue;
            }
            DrawGlyph(penX, y, c, color, scale);
            penX += BitmapFont.CellWidth * scale;
        }
    }

    private void DrawGlyph(int x, int y, char c, Rgb color, int scale)
    {
        if (x >= Width || y >= Height || x + BitmapFont.GlyphWidth * scale <= 0 || y + BitmapFont.GlyphHeight * scale <= 0) return;
        for (var row = 0; row < BitmapFont.GlyphHeight; row++)
        {
            var bits = BitmapFont.Row(c, row);
            var column = 0;
            while (column < BitmapFont.GlyphWidth)
            {
                if ((bits & (1 << (BitmapFont.GlyphWidth - 1 - column))) == 0)
                {
                    column++;
                    continue;
                }
                var start = column;
                while (column < BitmapFont.GlyphWidth && (bits & (1 << (BitmapFont.GlyphWidth - 1 - column))) != 0) column++;
                FillRectanglePixels(x + start * scale, y + row * scale, (column - start) * scale, scale, color);
            }
        }
    }

    private PointF Map(PointF p) => new(p.X * ScaleX + OffsetX, p.Y * ScaleY + OffsetY);

    private (int X0, int Y0, int X1, int Y1) ToPixels(BoxF box)
    {
        var x0 = (int)MathF.Round(box.X1 * ScaleX + OffsetX);
        var y0 = (int)MathF.Round(box.Y1 * ScaleY + OffsetY);
        var x1 = (int)MathF.Round(box.X2 * ScaleX + OffsetX);
        var y1 = (int)MathF.Round(box.Y2 * ScaleY + OffsetY);
        return (x0, y0, x1, y1);
    }
}
