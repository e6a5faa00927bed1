using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Media;
using ActorVision.Tests;

namespace ActorVision.Benchmarks.Jobs;

/// <summary>
/// What resuming a job costs before it reaches its checkpoint: the decoder skips (decodes without converting) every
/// frame up to it. Measured as frames skipped per second against frames read (decoded and converted) per second.
/// </summary>
public sealed class JobResumeSkipBenchmark : IBenchmark
{
    public string Name => "jobs-resume-skip";
    public string Group => JobBench.Group;
    public string Description => "resume: frames per second skipped to a checkpoint (decode only) vs read (decode + scale) on 1080p and 576p";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var results = new List<BenchmarkResult>();
        foreach (var (label, path) in new[] { ("1080p", TestAssets.TestSource1080p), ("576p", TestAssets.Pedestrians) })
        {
            var options = new FrameSourceOptions(path) { OutputWidth = JobBench.AnalysisWidth, DecoderThreads = 1, Live = false };
            Read(options);
            var (readFrames, readTime) = Read(options);
            var start = Stopwatch.GetTimestamp();
            long skipped;
            using (var source = FrameSource.Open(options)) skipped = source.SkipFrames(long.MaxValue);
            var skipTime = Stopwatch.GetElapsedTime(start);
            var readFps = readFrames / readTime.TotalSeconds;
            var skipFps = skipped / skipTime.TotalSeconds;
            context.Log($"{label}: skip {skipFps:0} fps, read {readFps:0} fps ({skipped} frames)");
            results.Add(new BenchmarkResult($"{Name}-{label}", skipFps, "fps", readFps));
        }
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(results);
    }

    private static (long Frames, TimeSpan Elapsed) Read(FrameSourceOptions options)
    {
        var start = Stopwatch.GetTimestamp();
        using var source = FrameSource.Open(options);
        long frames = 0;
        while (source.ReadFrame() is { } frame)
        {
            frame.Release();
            frames++;
        }
        return (frames, Stopwatch.GetElapsedTime(start));
    }
}
