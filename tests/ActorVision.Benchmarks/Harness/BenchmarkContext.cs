using ActorVision.Tests;

namespace ActorVision.Benchmarks.Harness;

/// <summary>What a benchmark may use: the repository's assets, a scratch folder, and the requested duration scale.</summary>
public sealed class BenchmarkContext
{
    public BenchmarkContext(string scratchDirectory, double durationScale, IReadOnlyDictionary<string, string>? options = null)
    {
        ScratchDirectory = scratchDirectory;
        DurationScale = durationScale;
        Options = options ?? new Dictionary<string, string>();
        Directory.CreateDirectory(scratchDirectory);
    }

    /// <summary>
    /// Options for particular benchmarks from the command line (<c>--cameras 1,2,4</c> gives <c>cameras</c> = <c>1,2,4</c>;
    /// a flag such as <c>--soak</c> gives <c>soak</c> = <c>true</c>). Each benchmark documents the ones it reads.
    /// </summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    public string Option(string name, string fallback) => Options.TryGetValue(name, out var value) ? value : fallback;

    public bool Flag(string name) => Options.TryGetValue(name, out var value) && value != "false";

    public string RepoRoot => TestAssets.RepoRoot;

    /// <summary>A folder under artifacts/ that the benchmark may fill (charts, logs).</summary>
    public string ScratchDirectory { get; }

    /// <summary>Multiplies fixed measurement windows (<c>--scale 0.2</c> for a quick smoke run).</summary>
    public double DurationScale { get; }

    public TimeSpan Scaled(TimeSpan duration) => TimeSpan.FromTicks((long)(duration.Ticks * DurationScale));

    public void Log(string message) => Console.WriteLine($"  {message}");
}
