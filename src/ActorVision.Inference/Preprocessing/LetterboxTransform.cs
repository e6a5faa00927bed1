using ActorVision.Core.Geometry;

namespace ActorVision.Inference.Preprocessing;

/// <summary>
/// How a source frame was fitted into the model input: scaled by <see cref="Scale"/> keeping its aspect ratio,
/// then offset by the padding. Maps model-input coordinates back to source-frame pixels.
/// </summary>
public readonly record struct LetterboxTransform(float Scale, float PadX, float PadY, int SourceWidth, int SourceHeight)
{
    public static LetterboxTransform Fit(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight)
    {
        var scale = MathF.Min((float)inputWidth / sourceWidth, (float)inputHeight / sourceHeight);
        var padX = (inputWidth - sourceWidth * scale) / 2f;
        var padY = (inputHeight - sourceHeight * scale) / 2f;
        return new LetterboxTransform(scale, padX, padY, sourceWidth, sourceHeight);
    }

    /// <summary>A point in model-input pixels to source pixels.</summary>
    public PointF ToSource(float x, float y) => new((x - PadX) / Scale, (y - PadY) / Scale);

    /// <summary>A box in model-input pixels to source pixels, clamped to the frame.</summary>
    public BoxF ToSource(BoxF box) =>
        new BoxF((box.X1 - PadX) / Scale, (box.Y1 - PadY) / Scale, (box.X2 - PadX) / Scale, (box.Y2 - PadY) / Scale)
            .Clamp(SourceWidth, SourceHeight);
}
