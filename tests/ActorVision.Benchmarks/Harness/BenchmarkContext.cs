using ActorVision.Tests;

namespace ActorVision.Benchmarks.Harness;

/// <summary>What a benchmark may use: the repository's assets, a scratch folder, and the requested duration scale.</summary>
public sealed class BenchmarkContext
{
    public BenchmarkContext(string scratchDirectory, double durationScale)
    {
        ScratchDirectory = scratchDirectory;
        DurationScale = durationScale;
        Directory.CreateDirectory(scratchDirectory);
    }

    public string RepoRoot => TestAssets.RepoRoot;

    /// <summary>A folder under artifacts/ that the benchmark may fill (charts, logs).</summary>
    public string ScratchDirectory { get; }

    /// <summary>Multiplies fixed measurement windows (<c>--scale 0.2</c> for a quick smoke run).</summary>
    public double DurationScale { get; }

    public TimeSpan Scaled(TimeSpan duration) => TimeSpan.FromTicks((long)(duration.Ticks * DurationScale));

    public void Log(string message) => Console.WriteLine($"  {message}");
}
