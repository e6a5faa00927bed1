namespace ActorVision.Media.Overlay;

/// <summary>An sRGB colour for drawing.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Black => new(0, 0, 0);
    public static Rgb White => new(255, 255, 255);
    public static Rgb Gray => new(128, 128, 128);
    public static Rgb Red => new(230, 25, 25);
    public static Rgb Green => new(25, 200, 60);
    public static Rgb Blue => new(30, 90, 230);
    public static Rgb Yellow => new(250, 210, 20);
    public static Rgb Orange => new(250, 130, 20);
    public static Rgb Cyan => new(20, 200, 220);
    public static Rgb Magenta => new(220, 40, 200);

    /// <summary>Perceived brightness 0..255 (BT.601 weights): decides black or white text on a label.</summary>
    public int Luma => (299 * R + 587 * G + 114 * B + 500) / 1000;

    /// <summary>Black or white, whichever reads better on this colour.</summary>
    public Rgb Contrasting => Luma > 140 ? Black : White;

    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";

    /// <summary>A stable, distinct colour for an id (track, class), so the same object keeps its colour.</summary>
    public static Rgb ForId(long id)
    {
        ReadOnlySpan<Rgb> palette = [Red, Green, Blue, Yellow, Orange, Cyan, Magenta, new(140, 90, 230), new(120, 220, 120), new(240, 120, 160)];
        return palette[(int)((ulong)id % (ulong)palette.Length)];
    }
}
