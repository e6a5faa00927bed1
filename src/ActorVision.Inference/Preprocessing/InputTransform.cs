using ActorVision.Core.Geometry;

namespace ActorVision.Inference.Preprocessing;

/// <summary>
/// How a source frame was fitted into the model input: scaled by <see cref="ScaleX"/> and <see cref="ScaleY"/>
/// (equal when letterboxed, each axis its own when stretched), then offset by the padding. Maps model-input
/// coordinates back to source-frame pixels.
/// </summary>
public readonly record struct InputTransform(float ScaleX, float ScaleY, float PadX, float PadY, int SourceWidth, int SourceHeight)
{
    /// <summary>Aspect ratio kept, the rest padded evenly on both sides.</summary>
    public static InputTransform Letterbox(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight)
    {
        var scale = MathF.Min((float)inputWidth / sourceWidth, (float)inputHeight / sourceHeight);
        var padX = (inputWidth - sourceWidth * scale) / 2f;
        var padY = (inputHeight - sourceHeight * scale) / 2f;
        return new InputTransform(scale, scale, padX, padY, sourceWidth, sourceHeight);
    }

    /// <summary>The whole frame resized to the input, each axis by its own factor (how SSD models are trained).</summary>
    public static InputTransform Stretch(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) =>
        new((float)inputWidth / sourceWidth, (float)inputHeight / sourceHeight, 0f, 0f, sourceWidth, sourceHeight);

    /// <summary>A point in model-input pixels to source pixels.</summary>
    public PointF ToSource(float x, float y) => new((x - PadX) / ScaleX, (y - PadY) / ScaleY);

    /// <summary>A box in model-input pixels to source pixels, clamped to the frame.</summary>
    public BoxF ToSource(BoxF box) =>
        new BoxF((box.X1 - PadX) / ScaleX, (box.Y1 - PadY) / ScaleY, (box.X2 - PadX) / ScaleX, (box.Y2 - PadY) / ScaleY)
            .Clamp(SourceWidth, SourceHeight);
}
