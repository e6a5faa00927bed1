using System.Diagnostics;
using System.Globalization;
using ActorVision.Benchmarks.Harness;
using ActorVision.Core.Imaging;
using ActorVision.Media;

namespace ActorVision.Benchmarks.Media;

/// <summary>
/// Decode throughput of <see cref="FrameSource"/> against the ffmpeg command line doing the same work: same input,
/// same decoder thread count, same output size, pixel format and scaler (bilinear), raw frames to /dev/null.
/// Wall clock including open, best of five runs each, interleaved so machine load hits both alike; also CPU time
/// per frame (user + system, all threads), which shared machines disturb less than wall clock, and managed bytes
/// allocated per frame after warm-up (target: 0).
/// </summary>
public abstract class DecodeThroughputBenchmark : IBenchmark
{
    private const int Runs = 5;
    private const int WarmUpFrames = 30;

    public abstract string Name { get; }
    public string Group => "media";
    public abstract string Description { get; }

    protected abstract string Input { get; }
    protected virtual int? OutputWidth => null;
    protected virtual int? OutputHeight => null;
    protected virtual int DecoderThreads => 2;
    protected PixelFormat Format => PixelFormat.Rgb24;

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        int totalFrames;
        using (var probe = FrameSource.Open(new FrameSourceOptions(Input)))
            totalFrames = (int)(probe.Info.EstimatedFrameCount ?? throw new InvalidOperationException($"{Input} has no frame count"));
        var frames = Math.Max(WarmUpFrames + 50, (int)Math.Min(totalFrames, Math.Round(totalFrames * context.DurationScale)));
        context.Log($"{Path.GetFileName(Input)}: {frames} frames, {DecoderThreads} decoder threads, output {OutputWidth?.ToString(CultureInfo.InvariantCulture) ?? "source"}x{OutputHeight?.ToString(CultureInfo.InvariantCulture) ?? "source"} {Format}");

        double ours = double.MaxValue, theirs = double.MaxValue, ourCpu = double.MaxValue, theirCpu = double.MaxValue;
        var allocatedPerFrame = double.MaxValue;
        for (var run = 0; run < Runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (seconds, cpu, perFrame) = DecodeWithFrameSource(frames);
            var (cliSeconds, cliCpu) = DecodeWithFfmpeg(frames);
            context.Log($"run {run + 1}: FrameSource {frames / seconds:0.0} fps, {1000 * cpu / frames:0.00} CPU ms/frame, {perFrame:0.##} B/frame; " +
                        $"ffmpeg {frames / cliSeconds:0.0} fps, {1000 * cliCpu / frames:0.00} CPU ms/frame");
            ours = Math.Min(ours, seconds);
            theirs = Math.Min(theirs, cliSeconds);
            ourCpu = Math.Min(ourCpu, cpu);
            theirCpu = Math.Min(theirCpu, cliCpu);
            allocatedPerFrame = Math.Min(allocatedPerFrame, perFrame);
        }
        IReadOnlyList<BenchmarkResult> results =
        [
            new(Name + "-cpu", 1000 * ourCpu / frames, "cpu-ms/frame", Baseline: 1000 * theirCpu / frames, HigherIsBetter: false, Note: "ffmpeg CLI, same work"),
            new(Name + "-alloc", allocatedPerFrame, "bytes/frame", Baseline: 1, HigherIsBetter: false, Note: "managed allocation per frame after warm-up"),
            new(Name, frames / ours, "fps", Baseline: frames / theirs, Note: "ffmpeg CLI, same work"),
        ];
        return Task.FromResult(results);
    }

    private (double Seconds, double CpuSeconds, double BytesPerFrame) DecodeWithFrameSource(int frames)
    {
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var source = FrameSource.Open(new FrameSourceOptions(Input)
        {
            DecoderThreads = DecoderThreads,
            OutputWidth = OutputWidth,
            OutputHeight = OutputHeight,
            OutputFormat = Format,
        });
        long allocatedAtWarmUp = 0;
        var count = 0;
        while (count < frames && source.ReadFrame() is { } frame)
        {
            frame.Release();
            if (++count == WarmUpFrames) allocatedAtWarmUp = GC.GetAllocatedBytesForCurrentThread();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedAtWarmUp;
        watch.Stop();
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (count != frames) throw new InvalidOperationException($"decoded {count} frames, expected {frames}");
        return (watch.Elapsed.TotalSeconds, cpu, (double)allocated / (count - WarmUpFrames));
    }

    private (double Seconds, double CpuSeconds) DecodeWithFfmpeg(int frames)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        var threads = DecoderThreads.ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            // -benchmark prints the process's user and system time at the end ("bench: utime=..s stime=..s").
            "-hide_banner", "-loglevel", "info", "-nostats", "-nostdin", "-benchmark",
            // Decoder threads as FrameSource's; one filter thread, as FrameSource scales on the decoding thread.
            "-threads", threads, "-filter_threads", "1",
            "-i", Input, "-an", "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
            "-sws_flags", "bilinear",
        ];
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (OutputWidth is not null || OutputHeight is not null)
        {
            start.ArgumentList.Add("-vf");
            start.ArgumentList.Add($"scale={OutputWidth ?? -2}:{OutputHeight ?? -2}");
        }
        foreach (var a in new[] { "-pix_fmt", Format == PixelFormat.Rgb24 ? "rgb24" : Format == PixelFormat.Bgr24 ? "bgr24" : "gray", "-f", "rawvideo", "-y", "/dev/null" })
            start.ArgumentList.Add(a);

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {errors}");
        var bench = System.Text.RegularExpressions.Regex.Match(errors, @"bench: utime=([0-9.]+)s stime=([0-9.]+)s");
        if (!bench.Success) throw new InvalidOperationException($"ffmpeg printed no -benchmark line: {errors}");
        var cpu = double.Parse(bench.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(bench.Groups[2].Value, CultureInfo.InvariantCulture);
        return (watch.Elapsed.TotalSeconds, cpu);
    }
}
