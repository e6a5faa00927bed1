using System.Diagnostics;
using System.Globalization;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// FFmpeg's own decode on the same streams: one <c>ffmpeg -rtsp_transport tcp -threads 1 -i URL -f null -</c> per camera
/// (one decoder thread, as a camera's FrameSource), progress every 0.1 s. A live stream cannot be decoded faster than
/// it plays, so the limit is the CPU a camera's decoding costs; cores divided by it is how many cameras the machine
/// could decode and nothing else.
/// </summary>
public static class FfmpegDecodeLimit
{
    public const string SystemName = "FFmpeg decode";
    public const string ModelName = "decode only";

    public static async Task<LoadPoint> RunAsync(LoadSource source, IReadOnlyList<string> urls, LoadSettings settings, int? serverPid, CancellationToken cancellationToken)
    {
        var decoders = urls.Select(Start).ToList();
        try
        {
            await Task.Delay(settings.Warmup, cancellationToken);
            var frames0 = decoders.Select(d => d.Frames).ToArray();
            var cpu0 = decoders.Select(d => ProcessUsage.CpuSeconds(d.Process.Id) ?? 0).ToArray();
            var server0 = serverPid is { } sp ? ProcessUsage.CpuSeconds(sp) : null;
            var wall = Stopwatch.StartNew();
            long maxResident = 0;
            while (wall.Elapsed < settings.Duration)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(1, (settings.Duration - wall.Elapsed).TotalMilliseconds))), cancellationToken);
                maxResident = Math.Max(maxResident, decoders.Sum(d => ProcessUsage.ResidentBytes(d.Process.Id)));
            }
            var seconds = wall.Elapsed.TotalSeconds;
            var frames = decoders.Select((d, i) => d.Frames - frames0[i]).ToArray();
            var cpu = decoders.Select((d, i) => (ProcessUsage.CpuSeconds(d.Process.Id) ?? cpu0[i]) - cpu0[i]).Sum();
            var serverCpu = serverPid is { } pid && server0 is { } s0 && ProcessUsage.CpuSeconds(pid) is { } s1 ? (s1 - s0) / seconds : 0;
            var expected = LoadSource.FramesPerSecond * seconds;
            // Progress lines come every 0.1 s: allow 3 frames for where they fall.
            var windows = frames.Select(f => new CameraWindow(LoadPoint.MissingFraction(f, expected, slack: 3), f / seconds, double.NaN)).ToArray();
            var failed = decoders.Where(d => d.Process.HasExited).Select(d => d.Errors).ToArray();
            return new LoadPoint
            {
                System = SystemName,
                Source = source.Name,
                Model = ModelName,
                Cameras = urls.Count,
                FramesPerSecond = frames.Sum() / seconds,
                CpuCores = cpu / seconds,
                ResidentBytes = maxResident,
                ResidentPerCameraBytes = maxResident / (double)urls.Count,
                ServerCpuCores = serverCpu,
                Error = failed.Length > 0 ? "ffmpeg exited: " + failed[0] : null,
            }.Judged(windows, settings.AnalysisFps);
        }
        finally
        {
            foreach (var decoder in decoders) decoder.Stop();
        }
    }

    private static Decoder Start(string url)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-hide_banner", "-nostats", "-loglevel", "error", "-rtsp_transport", "tcp", "-threads", "1", "-i", url, "-f", "null", "-progress", "pipe:1", "-stats_period", "0.1", "-" })
            start.ArgumentList.Add(arg);
        return new Decoder(Process.Start(start)!);
    }

    private sealed class Decoder
    {
        private long _frames;
        private readonly System.Text.StringBuilder _errors = new();

        public Decoder(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith("frame=", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6), NumberStyles.Integer, CultureInfo.InvariantCulture, out var frames))
                    Interlocked.Exchange(ref _frames, frames);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line) lock (_errors) _errors.AppendLine(line);
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }
        public long Frames => Interlocked.Read(ref _frames);

        public string Errors
        {
            get { lock (_errors) return _errors.ToString().Trim(); }
        }

        public void Stop()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.StandardInput.Write('q'); // ffmpeg's own "quit"
                    Process.StandardInput.Flush();
                    if (!Process.WaitForExit(TimeSpan.FromSeconds(5))) Process.Kill();
                }
            }
            catch (IOException)
            {
                if (!Process.HasExited) Process.Kill();
            }
            Process.Dispose();
        }
    }
}
