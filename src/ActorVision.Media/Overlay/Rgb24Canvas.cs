using ActorVision.Core.Imaging;

namespace ActorVision.Media.Overlay;

/// <summary>Draws on a packed <see cref="VideoFrame"/> (Rgb24, Bgr24 or Gray8) in place: for tests, snapshots and
/// frames nobody else reads. Never on a shared decoded frame that inference may still be reading.</summary>
public sealed class Rgb24Canvas : Canvas
{
    private readonly VideoFrame _frame;

    public Rgb24Canvas(VideoFrame frame) : base(frame.Width, frame.Height)
    {
        _frame = frame;
    }

    protected override void FillSpan(int y, int x0, int x1, Rgb color, byte alpha)
    {
        var row = _frame.Row(y);
        switch (_frame.Format)
        {
            case PixelFormat.Rgb24:
                Fill(row, x0, x1, color.R, color.G, color.B, alpha);
                break;
            case PixelFormat.Bgr24:
                Fill(row, x0, x1, color.B, color.G, color.R, alpha);
                break;
            case PixelFormat.Gray8:
                var luma = (byte)color.Luma;
                var span = row[x0..x1];
                if (alpha == 255) span.Fill(luma);
                else foreach (ref var p in span) p = Blend(p, luma, alpha);
                break;
        }
    }

    private static void Fill(Span<byte> row, int x0, int x1, byte c0, byte c1, byte c2, byte alpha)
    {
        var span = row[(3 * x0)..(3 * x1)];
        if (alpha == 255)
        {
            for (var i = 0; i < span.Length; i += 3)
            {
                span[i] = c0;
                span[i + 1] = c1;
                span[i + 2] = c2;
            }
            return;
        }
        for (var i = 0; i < span.Length; i += 3)
        {
            span[i] = Blend(span[i], c0, alpha);
            span[i + 1] = Blend(span[i + 1], c1, alpha);
            span[i + 2] = Blend(span[i + 2], c2, alpha);
        }
    }

    internal static byte Blend(byte under, byte over, byte alpha) => (byte)((under * (255 - alpha) + over * alpha + 127) / 255);
}
