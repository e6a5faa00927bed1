namespace ActorVision.Inference.Models;

/// <summary>
/// Maps a 0..255 channel value <c>p</c> to <c>(p - Mean[c]) / Std[c]</c>, per channel in the model's channel order.
/// </summary>
public sealed record PixelNormalization
{
    public PixelNormalization(float[] mean, float[] std)
    {
        if (mean.Length != 3 || std.Length != 3) throw new ArgumentException("mean and std need three values, one per channel");
        if (std.Any(s => s == 0f || !float.IsFinite(s))) throw new ArgumentException("std values must be finite and non-zero");
        Mean = mean;
        Std = std;
    }

    public IReadOnlyList<float> Mean { get; }
    public IReadOnlyList<float> Std { get; }

    /// <summary>Pixels scaled linearly onto [min, max], e.g. [-1, 1] or [0, 1].</summary>
    public static PixelNormalization Range(float min, float max)
    {
        if (!(max > min)) throw new ArgumentException($"range [{min}, {max}] is empty");
        var std = 255f / (max - min);
        var mean = -min * std;
        return new PixelNormalization([mean, mean, mean], [std, std, std]);
    }

    /// <summary>[0, 1]: what YOLO exports expect.</summary>
    public static PixelNormalization UnitRange { get; } = Range(0f, 1f);

    /// <summary>Scale factor for channel <paramref name="channel"/>: value = p * Scale + Offset.</summary>
    public float Scale(int channel) => 1f / Std[channel];

    public float Offset(int channel) => -Mean[channel] / Std[channel];

    public bool Equals(PixelNormalization? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    public override int GetHashCode() => HashCode.Combine(Mean[0], Mean[1], Mean[2], Std[0], Std[1], Std[2]);
}
