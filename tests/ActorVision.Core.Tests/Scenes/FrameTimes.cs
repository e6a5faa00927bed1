namespace ActorVision.Core.Tests.Scenes;

/// <summary>Frame timestamps: steady rates and irregular ones (a loaded pipeline, a variable-rate source).</summary>
public static class FrameTimes
{
    public static IReadOnlyList<TimeSpan> Every(double stepSeconds, double untilSeconds)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i * stepSeconds <= untilSeconds + 1e-9; i++) times.Add(TimeSpan.FromSeconds(Math.Round(i * stepSeconds, 6)));
        return times;
    }

    /// <summary>Steps drawn uniformly from [min, max] seconds with a fixed seed.</summary>
    public static IReadOnlyList<TimeSpan> Irregular(double minStep, double maxStep, double untilSeconds, int seed)
    {
        var random = new Random(seed);
        var times = new List<TimeSpan>();
        for (var t = 0d; t <= untilSeconds; t += minStep + random.NextDouble() * (maxStep - minStep))
            times.Add(TimeSpan.FromSeconds(Math.Round(t, 6)));
        return times;
    }
}
