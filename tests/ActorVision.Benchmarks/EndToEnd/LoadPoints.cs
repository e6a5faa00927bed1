namespace ActorVision.Benchmarks.EndToEnd;

internal static class LoadPoints
{
    /// <summary>
    /// Fraction of the <paramref name="expected"/> frames that did not come, allowing one frame for where the window
    /// edges fall between frames.
    /// </summary>
    public static double MissingFraction(double got, double expected, double slack = 1) =>
        expected <= 0 ? 0 : Math.Max(0, expected - slack - got) / expected;
}
