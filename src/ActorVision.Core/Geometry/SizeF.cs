namespace ActorVision.Core.Geometry;

/// <summary>A width and a height, in pixels or, for rule limits, normalised to the frame size.</summary>
public readonly record struct SizeF(float Width, float Height)
{
    public override string ToString() => FormattableString.Invariant($"{Width:0.###}x{Height:0.###}");
}
