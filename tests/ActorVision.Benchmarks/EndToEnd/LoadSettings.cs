using System.Globalization;
using ActorVision.Benchmarks.Harness;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// The options of the e2e-load benchmark, from the command line:
/// <list type="bullet">
/// <item><c>--cameras auto</c> cameras per point of the sweep (<see cref="CameraSweep"/>: <c>1,2,4,8</c>, <c>16..160/16</c>,
/// <c>16../16</c> until the first failure, <c>auto</c> = <c>1,2,4,8,16../16</c>); it stops after the first N no system sustains</item>
/// <item><c>--overload-factor 1.5</c>: once a sweep has found ActorVision's knee (a sustained N followed by one that was
/// not), it runs ActorVision at factor x knee cameras and judges it; <c>--no-overload</c> skips it, <c>--overload</c> runs
/// it even when the sweep ended sustained (its last point taken as the knee)</item>
/// <item><c>--sources crossing,1080p</c> 640x360 scripted crossing (line-crossing events every 5 s), 640x360 pedestrians (people for the COCO models), 360p test pattern, 1080p test pattern</item>
/// <item><c>--models motion,face-front</c> each a separate sweep; <c>motion+face-front</c> runs both on every frame</item>
/// <item><c>--analysis-fps 5</c>, <c>--analysis-width 640</c>, <c>--warmup 10</c> and <c>--duration 30</c> (seconds)</item>
/// <item><c>--no-peer</c>, <c>--no-limits</c> skip the OpenCV peer, or FFmpeg and the bare model loop</item>
/// <item><c>--soak</c> instead of the sweep: <c>--soak-cameras 4</c> cameras for <c>--soak-minutes 10</c>, resident memory over time</item>
/// <item><c>--chart docs/images/e2e-load.png</c> where the chart goes (default under artifacts/, so a trial run never
/// replaces the chart the docs show)</item>
/// <item><c>--node-hocon "..."</c> HOCON added to the node's configuration (to compare a setting)</item>
/// </list>
/// </summary>
public sealed record LoadSettings
{
    public required CameraSweep Cameras { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    public double AnalysisFps { get; init; } = 5;
    public int AnalysisWidth { get; init; } = 640;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public bool Peer { get; init; } = true;
    public bool Limits { get; init; } = true;
    public bool Soak { get; init; }
    public int SoakCameras { get; init; } = 4;
    public TimeSpan SoakDuration { get; init; } = TimeSpan.FromMinutes(10);
    public required string ChartPath { get; init; }
    public string NodeHocon { get; init; } = "";
    /// <summary>Overload point at <see cref="OverloadFactor"/> x the knee: when a knee is found (default), never, or always.</summary>
    public OverloadMode Overload { get; init; } = OverloadMode.WhenKneeFound;
    public double OverloadFactor { get; init; } = 1.5;

    public static LoadSettings From(BenchmarkContext context)
    {
        var inv = CultureInfo.InvariantCulture;
        static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var settings = new LoadSettings
        {
            Cameras = CameraSweep.Parse(context.Option("cameras", "auto")),
            Sources = List(context.Option("sources", "crossing,1080p")),
            Models = List(context.Option("models", "motion,face-front")),
            AnalysisFps = double.Parse(context.Option("analysis-fps", "5"), inv),
            AnalysisWidth = int.Parse(context.Option("analysis-width", "640"), inv),
            Warmup = context.Scaled(TimeSpan.FromSeconds(double.Parse(context.Option("warmup", "10"), inv))),
            Duration = context.Scaled(TimeSpan.FromSeconds(double.Parse(context.Option("duration", "30"), inv))),
            Peer = !context.Flag("no-peer"),
            Limits = !context.Flag("no-limits"),
            Soak = context.Flag("soak"),
            SoakCameras = int.Parse(context.Option("soak-cameras", "4"), inv),
            SoakDuration = TimeSpan.FromMinutes(double.Parse(context.Option("soak-minutes", "10"), inv)),
            NodeHocon = context.Option("node-hocon", ""),
            Overload = context.Flag("no-overload") ? OverloadMode.Never : context.Flag("overload") ? OverloadMode.Always : OverloadMode.WhenKneeFound,
            OverloadFactor = double.Parse(context.Option("overload-factor", "1.5"), inv),
            ChartPath = Path.GetFullPath(context.Option("chart", Path.Combine(context.RepoRoot, "artifacts", "benchmarks", "e2e", "e2e-load.png"))),
        };
        foreach (var source in settings.Sources) _ = LoadSource.Named(source);
        return settings;
    }

    /// <summary>The command line that reproduces these settings.</summary>
    public string Arguments() => string.Create(CultureInfo.InvariantCulture,
        $"--cameras {Cameras.Text} --sources {string.Join(',', Sources)} --models {string.Join(',', Models)} --analysis-fps {AnalysisFps} --analysis-width {AnalysisWidth} --warmup {Warmup.TotalSeconds:0.#} --duration {Duration.TotalSeconds:0.#}{(Peer ? "" : " --no-peer")}{(Limits ? "" : " --no-limits")}{Overload switch { OverloadMode.Never => " --no-overload", OverloadMode.Always => " --overload", _ => "" }}{(OverloadFactor == 1.5 ? "" : $" --overload-factor {OverloadFactor}")}{(NodeHocon.Length == 0 ? "" : $" --node-hocon '{NodeHocon}'")}");
}

public enum OverloadMode
{
    WhenKneeFound,
    Never,
    Always,
}
