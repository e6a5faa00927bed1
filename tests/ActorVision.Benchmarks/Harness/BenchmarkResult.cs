using System.Globalization;

namespace ActorVision.Benchmarks.Harness;

/// <summary>
/// A measured value against the limit it is compared with. Printed as
/// <c>RESULT name=&lt;name&gt; value=&lt;number&gt; unit=&lt;unit&gt; baseline=&lt;number&gt; ratio=&lt;value/baseline&gt;</c>.
/// When higher is worse (latency, bytes), <see cref="HigherIsBetter"/> is false and the ratio is still value/baseline.
/// </summary>
public sealed record BenchmarkResult(string Name, double Value, string Unit, double? Baseline = null, bool HigherIsBetter = true, string? Note = null)
{
    public double? Ratio => Baseline is { } b && b != 0 ? Value / b : null;

    public string ToResultLine()
    {
        var inv = CultureInfo.InvariantCulture;
        var line = $"RESULT name={Name} value={Value.ToString("0.###", inv)} unit={Unit}";
        if (Baseline is { } b) line += $" baseline={b.ToString("0.###", inv)}";
        // A zero baseline has no ratio (a benchmark whose limit measured nothing must still print its line).
        if (Ratio is { } ratio) line += $" ratio={ratio.ToString("0.###", inv)}";
        return line;
    }
}
