namespace ActorVision.Core.Imaging;

/// <summary>Packed pixel layouts a frame buffer can hold.</summary>
public enum PixelFormat
{
    /// <summary>Three bytes per pixel, R then G then B. What models and overlays use.</summary>
    Rgb24,
    /// <summary>Three bytes per pixel, B then G then R.</summary>
    Bgr24,
    /// <summary>One luma byte per pixel.</summary>
    Gray8,
}

public static class PixelFormatExtensions
{
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
        PixelFormat.Gray8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };
}
