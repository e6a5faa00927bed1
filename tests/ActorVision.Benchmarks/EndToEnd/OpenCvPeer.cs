using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// Runs peer/opencv_peer.py (per camera a thread with cv2.VideoCapture and the same detector) with Debian's
/// /usr/bin/python3 on the same streams, and reads the same quantities from it. The peer opens every camera and lets
/// each read its first frame before its warm-up starts, so that its window measures it running, not starting. Its CPU and memory come from the
/// script itself (os.times, /proc/self/status), measured over the same window.
/// </summary>
public static class OpenCvPeer
{
    public const string SystemName = "OpenCV peer";

    public static string Script(string repoRoot) => Path.Combine(repoRoot, "tests", "ActorVision.Benchmarks", "peer", "opencv_peer.py");

    public static async Task<LoadPoint> RunAsync(
        string repoRoot, LoadSource source, string model, IReadOnlyList<string> urls, LoadSettings settings, int? serverPid, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script(repoRoot));
        foreach (var arg in new[]
                 {
                     "--model", model, "--analysis-fps", settings.AnalysisFps.ToString(inv), "--source-fps", LoadSource.FramesPerSecond.ToString(inv),
                     "--width", settings.AnalysisWidth.ToString(inv), "--warmup", settings.Warmup.TotalSeconds.ToString(inv),
                     "--duration", settings.Duration.TotalSeconds.ToString(inv),
                     "--face-model", Path.Combine(repoRoot, "models", "blazeface", "face_detection_front_128x128.onnx"),
                     "--coco-model", Path.Combine(repoRoot, "models", "ssd-coco", "ssd_mobilenet_v2_coco_float.onnx"),
                 })
            start.ArgumentList.Add(arg);
        foreach (var url in urls) start.ArgumentList.Add(url);

        var point = new LoadPoint { System = SystemName, Source = source.Name, Model = model, Cameras = urls.Count };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The peer opens its cameras one after the other (OpenCV's open lock) before its warm-up: 10 s + 2 s per camera at most.
        timeout.CancelAfter(settings.Warmup + settings.Duration + TimeSpan.FromSeconds(70 + 2 * urls.Count));
        double? server0 = null;
        var serverWall = Stopwatch.StartNew();
        string? result = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == "MEASURING" && serverPid is { } sp)
                {
                    server0 = ProcessUsage.CpuSeconds(sp);
                    serverWall.Restart();
                }
                if (line.StartsWith("PEER ", StringComparison.Ordinal))
                {
                    result = line[5..];
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            point = point with { Error = "timed out" };
        }
        finally
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill(entireProcessTree: true);
        }
        var serverCpu = serverPid is { } pid && server0 is { } s0 && ProcessUsage.CpuSeconds(pid) is { } s1 ? (s1 - s0) / serverWall.Elapsed.TotalSeconds : 0;
        if (result is null) return point with { Error = point.Error ?? $"no result (exit {process.ExitCode}): {Tail(await stderr)}" };

        using var json = JsonDocument.Parse(result);
        var root = json.RootElement;
        if (root.TryGetProperty("error", out var error)) return point with { Error = error.GetString() };
        var window = root.GetProperty("window_s").GetDouble();
        var expectedAnalysed = settings.AnalysisFps * window;
        var expectedRead = LoadSource.FramesPerSecond * window;
        var latencies = new List<double>();
        var windows = new List<CameraWindow>();
        long analysed = 0;
        var failures = new List<string>();
        foreach (var camera in root.GetProperty("cameras").EnumerateArray())
        {
            var cameraAnalysed = camera.GetProperty("analysed").GetInt64();
            var read = camera.GetProperty("frames_read").GetInt64();
            analysed += cameraAnalysed;
            var own = camera.GetProperty("latencies_ms").EnumerateArray().Select(l => l.GetDouble()).Order().ToArray();
            latencies.AddRange(own);
            // Not keeping up shows as frames not read in time (they wait in the socket) and due frames not analysed.
            var drop = Math.Max(LoadPoint.MissingFraction(cameraAnalysed, expectedAnalysed), LoadPoint.MissingFraction(read, expectedRead, slack: 2));
            windows.Add(new CameraWindow(drop, cameraAnalysed / window, ProcessUsage.Percentile(own, 99)));
            if (camera.GetProperty("error").GetString() is { } cameraError) failures.Add(cameraError);
        }
        latencies.Sort();
        var rss = root.GetProperty("rss_bytes").GetDouble();
        var baseRss = root.GetProperty("rss_base_bytes").GetDouble();
        return (point with
        {
            FramesPerSecond = analysed / window,
            LatencyP50 = ProcessUsage.Percentile(latencies, 50),
            LatencyP95 = ProcessUsage.Percentile(latencies, 95),
            LatencyP99 = ProcessUsage.Percentile(latencies, 99),
            CpuCores = root.GetProperty("cpu_s").GetDouble() / window,
            ResidentBytes = rss,
            ResidentPerCameraBytes = Math.Max(0, rss - baseRss) / urls.Count,
            IdleResidentBytes = baseRss,
            ServerCpuCores = serverCpu,
            StartSeconds = root.TryGetProperty("opened_s", out var opened) && opened.ValueKind == JsonValueKind.Number ? opened.GetDouble() : double.NaN,
            Error = failures.Count > 0 ? string.Join("; ", failures.Distinct()) : null,
        }).Judged(windows, settings.AnalysisFps);
    }

    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "..." + text[^600..].Trim();
}
