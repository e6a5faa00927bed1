namespace ActorVision.Media.Overlay;

/// <summary>
/// Draws on a planar YUV 4:2:0 picture (the encoder's own copy of a frame, a JPEG snapshot), BT.601 colours in
/// limited (video) or full (JPEG) range. Chroma is shared by 2x2 pixels, so colours bleed by at most one pixel at
/// shape edges; translucent fills blend chroma once per 2x2 block (from the even row).
/// </summary>
public sealed unsafe class Yuv420Canvas : Canvas
{
    private byte* _y, _u, _v;
    private int _strideY, _strideU, _strideV;

    internal Yuv420Canvas(bool fullRange) : base(2, 2)
    {
        FullRange = fullRange;
    }

    /// <summary>True for JPEG (0-255) range, false for video (16-235) range.</summary>
    public bool FullRange { get; }

    /// <summary>Points the canvas at a picture's planes; valid until the picture's owner moves on.</summary>
    internal void Bind(nint y, int strideY, nint u, int strideU, nint v, int strideV, int width, int height)
    {
        _y = (byte*)y;
        _u = (byte*)u;
        _v = (byte*)v;
        (_strideY, _strideU, _strideV) = (strideY, strideU, strideV);
        Width = width;
        Height = height;
        ResetTransform();
    }

    /// <summary>The Y, U and V values this canvas writes for a colour.</summary>
    public (byte Y, byte U, byte V) ToYuv(Rgb c)
    {
        double r = c.R, g = c.G, b = c.B;
        double y, u, v;
        if (FullRange)
        {
            y = 0.299 * r + 0.587 * g + 0.114 * b;
            u = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
            v = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
        else
        {
            y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
            u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255;
            v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255;
        }
        return (Clamp(y), Clamp(u), Clamp(v));

        static byte Clamp(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);
    }

    protected override void FillSpan(int y, int x0, int x1, Rgb color, byte alpha)
    {
        if (_y is null) throw new InvalidOperationException("the canvas is not bound to a picture");
        var (cy, cu, cv) = ToYuv(color);
        Fill(new Span<byte>(_y + (long)y * _strideY + x0, x1 - x0), cy, alpha);
        if (alpha != 255 && (y & 1) != 0) return;
        var c0 = x0 >> 1;
        var c1 = (x1 + 1) >> 1;
        var row = y >> 1;
        Fill(new Span<byte>(_u + (long)row * _strideU + c0, c1 - c0), cu, alpha);
        Fill(new Span<byte>(_v + (long)row * _strideV + c0, c1 - c0), cv, alpha);
    }

    private static void Fill(Span<byte> span, byte value, byte alpha)
    {
        if (alpha == 255)
        {
            span.Fill(value);
            return;
        }
        foreach (ref var p in span) p = Rgb24Canvas.Blend(p, value, alpha);
    }
}
