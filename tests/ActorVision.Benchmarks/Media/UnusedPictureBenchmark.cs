using System.Diagnostics;
using System.Globalization;
using ActorVision.Benchmarks.EndToEnd;
using ActorVision.Benchmarks.Harness;
using ActorVision.Media;

namespace ActorVision.Benchmarks.Media;

/// <summary>
/// What a live camera's decoding costs when the rate limit takes 5 of 25 pictures a second and the ones it will not
/// take, if no other picture refers to them, are not decoded (<see cref="FrameSourceOptions.SkipUnusedPictures"/>),
/// against the same source decoding every picture. The e2e-load clips (<c>--clip</c>, crossing: x264, 2 B pictures
/// between references) looped to two minutes, are read as live from the file, as fast as they decode, converting each delivered picture to
/// 640x360 RGB as a camera does; CPU time per second of video, best of five alternating runs.
/// </summary>
public sealed class UnusedPictureBenchmark : IBenchmark
{
    private const int Runs = 5;
    private const double AnalysisFps = 5;

    public string Name => "media-decode-unused";
    public string Group => "media";
    public string Description => "live decoding at a 5 fps rate limit, skipping unreferenced pictures the limit drops, vs decoding every picture (CPU per video second)";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var clip = LoadSource.Named(context.Option("clip", "crossing"));
        var looped = clip.Looped(context.ScratchDirectory, TimeSpan.FromSeconds(120)); // long enough to outweigh the open
        double skipping = double.MaxValue, all = double.MaxValue;
        long decodedSkipping = 0, decodedAll = 0;
        for (var run = 0; run < Runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (cpuAll, countAll) = Decode(looped, skipUnused: false);
            var (cpuSkipping, countSkipping) = Decode(looped, skipUnused: true);
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: every picture {cpuAll:0.00} CPU ms per video second ({countAll} decoded), skipping unused {cpuSkipping:0.00} ({countSkipping} decoded)"));
            (all, decodedAll) = cpuAll < all ? (cpuAll, countAll) : (all, decodedAll);
            (skipping, decodedSkipping) = cpuSkipping < skipping ? (cpuSkipping, countSkipping) : (skipping, decodedSkipping);
        }
        IReadOnlyList<BenchmarkResult> results =
        [
            new(Name, skipping, "cpu-ms/video-s", Baseline: all, HigherIsBetter: false,
                Note: $"{clip.Name} at {AnalysisFps} fps: {decodedSkipping} of {decodedAll} pictures decoded; baseline decodes every picture"),
        ];
        return Task.FromResult(results);
    }

    private static (double CpuMsPerVideoSecond, long Decoded) Decode(string clip, bool skipUnused)
    {
        var options = new FrameSourceOptions(clip)
        {
            Live = true, MaxFps = AnalysisFps, MaxDecodeLag = null, DecoderThreads = 1, OutputWidth = 640, SkipUnusedPictures = skipUnused,
        };
        using var source = FrameSource.Open(options);
        var cpu = ThreadCpu();
        var delivered = 0;
        var wanted = (int)(source.Info.Duration!.Value.TotalSeconds * AnalysisFps) - 1;
        TimeSpan last = default;
        while (delivered < wanted && source.ReadFrame() is { } frame)
        {
            last = frame.StreamTime;
            frame.Release();
            delivered++;
        }
        return ((ThreadCpu() - cpu).TotalMilliseconds / last.TotalSeconds, source.FramesDecoded);
    }

    /// <summary>The process's CPU time: decoding runs on the calling thread alone (one decoder thread, nothing else running).</summary>
    private static TimeSpan ThreadCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
