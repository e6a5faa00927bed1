using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorVision.Benchmarks.Harness;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// End-to-end load: N live RTSP cameras (the project's test server, one mount per camera) on a real node, for a
/// sweep of N up to the first N not sustained (<see cref="CameraSweep"/>), then ActorVision at 1.5x its knee
/// (<see cref="OverloadPoint"/>), against the physical limits measured in the same run (FFmpeg decoding the same streams, the bare
/// model loop) and against the OpenCV peer on the same streams. Per N and system: cameras sustained (<see cref="Sustain"/>:
/// drops under 1 % and p99 under two analysis intervals), analysed fps, capture-to-analysed latency p50/p95/p99 (and capture-to-event for ActorVision), CPU and
/// resident memory per camera. The knee is the last N where every camera is sustained. Options: <see cref="LoadSettings"/>.
/// Writes a chart (latency p95 and CPU versus cameras) and, with <c>--markdown</c>, the tables.
/// </summary>
public sealed class E2eLoadBenchmark : IBenchmark, IReportsMarkdown
{
    public string Name => "e2e-load";
    public string Group => "e2e";
    public string Description => "N live RTSP cameras on a node: sustained cameras, latency, CPU and memory per camera, vs FFmpeg decode, the bare model and an OpenCV peer, up to the knee, then 1.5x the knee (--cameras auto|16..160/16|16../16, --no-overload, --soak)";
    public bool OptIn => true;
    public string? Markdown { get; private set; }

    private string _loadBefore = "";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var settings = LoadSettings.From(context);
        _loadBefore = BenchmarkReport.LoadAverage();
        var work = Path.Combine(context.ScratchDirectory, "e2e");
        Directory.CreateDirectory(work);
        return settings.Soak
            ? await SoakAsync(context, settings, work, cancellationToken)
            : await SweepAsync(context, settings, work, cancellationToken);
    }

    private async Task<IReadOnlyList<BenchmarkResult>> SweepAsync(BenchmarkContext context, LoadSettings settings, string work, CancellationToken cancellationToken)
    {
        var points = new List<LoadPoint>();
        var overloads = new List<OverloadPoint>();
        await WarmUpProcessAsync(context, settings, work, cancellationToken);
        var bareCpuMs = new Dictionary<(string Source, string Model), double>();
        foreach (var sourceName in settings.Sources)
        {
            var source = LoadSource.Named(sourceName);
            var clip = source.Looped(work, settings.Warmup + settings.Duration + TimeSpan.FromSeconds(60));
            if (settings.Limits)
                foreach (var model in settings.Models)
                {
                    bareCpuMs[(source.Name, model)] = BareModelLimit.CpuMillisecondsPerFrame(context, source, model, settings.AnalysisWidth, context.Scaled(TimeSpan.FromSeconds(5)));
                    context.Log($"bare {model} on {source.Name} at {settings.AnalysisWidth} px: {bareCpuMs[(source.Name, model)]:0.00} CPU ms per frame");
                }

            // A system (and model) that could not sustain N cameras is not tried with more.
            var stillRunning = new HashSet<string>(StringComparer.Ordinal);
            foreach (var model in settings.Models)
            {
                stillRunning.Add(Key(ActorVisionLoad.SystemName, model));
                if (settings.Peer) stillRunning.Add(Key(OpenCvPeer.SystemName, model));
            }
            if (settings.Limits) stillRunning.Add(Key(FfmpegDecodeLimit.SystemName, FfmpegDecodeLimit.ModelName));

            foreach (var cameras in settings.Cameras.Points())
            {
                if (!stillRunning.Any(k => !k.StartsWith(FfmpegDecodeLimit.SystemName, StringComparison.Ordinal))) break;
                foreach (var model in settings.Models)
                {
                    if (stillRunning.Contains(Key(ActorVisionLoad.SystemName, model)))
                        Record(await RunActorVisionAsync(context, settings, source, clip, model, cameras, cancellationToken));
                    if (stillRunning.Contains(Key(OpenCvPeer.SystemName, model)))
                        Record(await WithServerAsync(source, clip, cameras, (server, urls) =>
                            OpenCvPeer.RunAsync(context.RepoRoot, source, model, urls, settings, server.ProcessId, cancellationToken)));
                }
                if (stillRunning.Contains(Key(FfmpegDecodeLimit.SystemName, FfmpegDecodeLimit.ModelName)))
                    Record(await WithServerAsync(source, clip, cameras, (server, urls) =>
                        FfmpegDecodeLimit.RunAsync(source, urls, settings, server.ProcessId, cancellationToken)));
            }

            if (settings.Overload != OverloadMode.Never)
                foreach (var model in settings.Models)
                    if (await OverloadAsync(context, settings, source, clip, model, points, cancellationToken) is { } overload)
                    {
                        overloads.Add(overload);
                        foreach (var line in overload.CheckLines()) context.Log(line);
                    }

            void Record(LoadPoint point)
            {
                points.Add(point);
                context.Log(Describe(point));
                if (!point.AllSustained) stillRunning.Remove(Key(point.System, point.Model));
            }
        }

        var results = Results(settings, points, bareCpuMs, overloads);
        var chart = await ChartAsync(context, settings, work, points);
        Markdown = SweepMarkdown(settings, points, bareCpuMs, overloads, chart);
        return results;
    }

    /// <summary>
    /// ActorVision at <see cref="LoadSettings.OverloadFactor"/> x its knee on this source and model, once the sweep found
    /// the knee (a sustained point followed by one that was not; with <c>--overload</c> also the last point of a sweep
    /// that ended sustained). A count the sweep measured already is reused rather than run again.
    /// </summary>
    private static async Task<OverloadPoint?> OverloadAsync(
        BenchmarkContext context, LoadSettings settings, LoadSource source, string clip, string model, List<LoadPoint> points, CancellationToken cancellationToken)
    {
        var series = Series(points, ActorVisionLoad.SystemName, source.Name, model);
        if (Knee(series) is not { } knee)
        {
            context.Log($"no overload point for {source.Name} {model}: no camera count was sustained");
            return null;
        }
        var failed = series.Any(p => p.Cameras > knee.Cameras);
        if (!failed && settings.Overload != OverloadMode.Always)
        {
            context.Log($"no overload point for {source.Name} {model}: the sweep ended sustained at {knee.Cameras} cameras, so the knee is above it (--overload runs one anyway)");
            return null;
        }
        var cameras = OverloadPoint.Cameras(knee.Cameras, settings.OverloadFactor);
        if (series.FirstOrDefault(p => p.Cameras == cameras) is { } measured)
            return new OverloadPoint(source.Name, model, knee, measured, settings.OverloadFactor, FromSweep: true);
        context.Log($"overload: {cameras} cameras ({settings.OverloadFactor:0.##}x the knee, {knee.Cameras})");
        // Kept apart from the sweep's points: the knee and the CPU fit come from the sweep alone.
        var point = await RunActorVisionAsync(context, settings, source, clip, model, cameras, cancellationToken);
        context.Log(Describe(point));
        return new OverloadPoint(source.Name, model, knee, point, settings.OverloadFactor, FromSweep: false);
    }

    private static async Task<LoadPoint> RunActorVisionAsync(
        BenchmarkContext context, LoadSettings settings, LoadSource source, string clip, string model, int cameras, CancellationToken cancellationToken)
    {
        try
        {
            return await WithServerAsync(source, clip, cameras, async (server, urls) =>
            {
                await using var node = await ActorVisionLoad.StartNodeAsync(context.RepoRoot, settings.NodeHocon);
                // The node's own housekeeping (cluster gossip and failure detection, timers, the dashboard's feeds) once
                // its start-up work has settled, so that what the cameras cost can be told apart.
                await Task.Delay(context.Scaled(TimeSpan.FromSeconds(3)), cancellationToken);
                var idleCpu = await ActorVisionLoad.IdleCpuCoresAsync(context.Scaled(TimeSpan.FromSeconds(5)), cancellationToken);
                var idle = ActorVisionLoad.IdleResidentBytes();
                var started = await node.StartCamerasAsync(urls, model, settings, cancellationToken);
                await Task.Delay(settings.Warmup, cancellationToken);
                var point = await node.MeasureAsync(source, model, cameras, settings.Duration, settings.AnalysisFps, idle, server.ProcessId, cancellationToken);
                return point with { IdleCpuCores = idleCpu, StartSeconds = started.TotalSeconds };
            });
        }
        catch (InvalidOperationException ex)
        {
            return new LoadPoint { System = ActorVisionLoad.SystemName, Source = source.Name, Model = model, Cameras = cameras, Error = ex.Message };
        }
    }

    /// <summary>
    /// Runs a node with one camera of the first source once before anything is measured, so that the first point does
    /// not pay for this process's JIT compilation (tiered compilation keeps recompiling hot methods for a while).
    /// </summary>
    private static async Task WarmUpProcessAsync(BenchmarkContext context, LoadSettings settings, string work, CancellationToken cancellationToken)
    {
        var source = LoadSource.Named(settings.Sources[0]);
        var clip = source.Looped(work, settings.Warmup + settings.Duration + TimeSpan.FromSeconds(60));
        await WithServerAsync(source, clip, 1, async (_, urls) =>
        {
            await using var node = await ActorVisionLoad.StartNodeAsync(context.RepoRoot, settings.NodeHocon);
            await node.StartCamerasAsync(urls, string.Join('+', settings.Models.SelectMany(m => m.Split('+')).Distinct()), settings, cancellationToken);
            await Task.Delay(context.Scaled(TimeSpan.FromSeconds(15)), cancellationToken);
            return new LoadPoint { System = ActorVisionLoad.SystemName, Source = source.Name, Model = "warm-up", Cameras = 1 };
        });
        context.Log("process warmed up (a node with one camera for 15 s)");
    }

    private static async Task<LoadPoint> WithServerAsync(LoadSource source, string clip, int cameras, Func<Tests.RtspTestServer, IReadOnlyList<string>, Task<LoadPoint>> run)
    {
        // A fresh server per run: every camera's loop starts from the beginning of the clip.
        using var server = source.Serve(clip, cameras);
        return await run(server, LoadSource.Urls(server, cameras));
    }

    private async Task<IReadOnlyList<BenchmarkResult>> SoakAsync(BenchmarkContext context, LoadSettings settings, string work, CancellationToken cancellationToken)
    {
        var source = LoadSource.Named(settings.Sources[0]);
        var model = settings.Models[0];
        var cameras = settings.SoakCameras;
        var clip = source.Looped(work, settings.SoakDuration + settings.Warmup + TimeSpan.FromSeconds(60));
        // Resident memory, and the managed heap after the last collection: which of the two any growth is in.
        var series = new List<(TimeSpan At, long Resident, long Heap)>();
        long idle = 0;
        var point = await WithServerAsync(source, clip, cameras, async (server, urls) =>
        {
            await using var node = await ActorVisionLoad.StartNodeAsync(context.RepoRoot, settings.NodeHocon);
            idle = ActorVisionLoad.IdleResidentBytes();
            await node.StartCamerasAsync(urls, model, settings, cancellationToken);
            await Task.Delay(settings.Warmup, cancellationToken);
            var next = TimeSpan.Zero;
            return await node.MeasureAsync(source, model, cameras, settings.SoakDuration, settings.AnalysisFps, idle, server.ProcessId, cancellationToken, (at, resident) =>
            {
                if (at < next) return;
                var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
                series.Add((at, resident, heap));
                context.Log($"soak {at.TotalMinutes:0.0} min: RSS {Mb(resident):0} MB, {Mb(resident - idle) / cameras:0.0} MB per camera above the idle node, managed heap {Mb(heap):0} MB");
                next = at + TimeSpan.FromSeconds(30);
            });
        });
        series.Add((settings.SoakDuration, ProcessUsage.ResidentBytes(ProcessUsage.Self), GC.GetGCMemoryInfo().HeapSizeBytes));
        context.Log(Describe(point));
        if (series.Count < 2) throw new InvalidOperationException("the soak took fewer than two samples");
        // Flat means the second half holds no more than the first half did: compare the mean of each half.
        var half = series.Count / 2;
        var first = series.Take(half).Average(s => (double)s.Resident - idle) / cameras;
        var second = series.Skip(half).Average(s => (double)s.Resident - idle) / cameras;
        // Warm-up (JIT tiers, pools, caches) grows memory early; a leak keeps growing: the slope of the second half tells them apart.
        var (middle, last) = (series[half], series[^1]);
        var growthPerMinute = Mb(last.Resident - middle.Resident) / Math.Max(1e-9, (last.At - middle.At).TotalMinutes);

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"#### Memory soak: {cameras} x {source.Description}, {model}, {settings.SoakDuration.TotalMinutes:0.#} min");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `./run.sh bench e2e-load --soak --soak-cameras {cameras} --soak-minutes {settings.SoakDuration.TotalMinutes:0.#} --sources {source.Name} --models {model}`. Idle node: {Mb(idle):0} MB.");
        sb.AppendLine();
        sb.AppendLine("| minute | RSS MB | above idle node, per camera MB | managed heap MB |");
        sb.AppendLine("| ---: | ---: | ---: | ---: |");
        foreach (var (at, resident, heap) in series.Where((_, i) => i % 2 == 0 || i == series.Count - 1))
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {at.TotalMinutes:0.0} | {Mb(resident):0} | {Mb(resident - idle) / cameras:0.0} | {Mb(heap):0} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Sustained {point.Sustained}/{point.Cameras}, latency p50/p95/p99 {point.LatencyP50:0.0}/{point.LatencyP95:0.0}/{point.LatencyP99:0.0} ms over the whole soak. Resident memory over the second half: {growthPerMinute:+0.00;-0.00} MB per minute.");
        Markdown = sb.ToString();
        return
        [
            new BenchmarkResult("e2e-soak-rss-per-camera-first-half", Mb(first), "MB", HigherIsBetter: false),
            new BenchmarkResult("e2e-soak-rss-per-camera-second-half", Mb(second), "MB", Mb(first), HigherIsBetter: false),
            new BenchmarkResult("e2e-soak-rss-growth-second-half", growthPerMinute, "MB/min", HigherIsBetter: false),
            new BenchmarkResult("e2e-soak-sustained", point.Sustained, "cameras", point.Cameras),
        ];
    }

    /// <summary>What a sweep says about one source and model: knees, CPU costs, and the point the latencies are read at.</summary>
    /// <param name="Failure">ActorVision's first unsustained point (null: the sweep ended sustained, the knee is above its last point).</param>
    /// <param name="PeerFailure">The peer's first unsustained point: its CPU there tells a saturated peer from a harness artefact.</param>
    private sealed record Summary(
        string Source, string Model, LoadPoint? Knee, LoadPoint? PeerKnee, LoadPoint At, LoadPoint? PeerAt,
        CpuCost? ActorVision, CpuCost? Peer, CpuCost? Decode, CpuCost? BareModel, LoadPoint? Failure, LoadPoint? PeerFailure)
    {
        public CpuCost? DecodePlusModel => Decode is not null && BareModel is not null ? CpuCost.PerCameraOnly(Decode.PerCamera + BareModel.PerCamera) : null;

        /// <summary>ActorVision's knee over the peer's, measured (not the CPU estimate); NaN without both.</summary>
        public double KneeRatio => Knee is not null && PeerKnee is not null ? Knee.Cameras / (double)PeerKnee.Cameras : double.NaN;
    }

    private static IEnumerable<Summary> Summaries(LoadSettings settings, List<LoadPoint> points, Dictionary<(string Source, string Model), double> bareCpuMs)
    {
        foreach (var source in settings.Sources)
        foreach (var model in settings.Models)
        {
            var av = Series(points, ActorVisionLoad.SystemName, source, model);
            if (av.Count == 0) continue;
            var peer = Series(points, OpenCvPeer.SystemName, source, model);
            var ffmpeg = Series(points, FfmpegDecodeLimit.SystemName, source, FfmpegDecodeLimit.ModelName);
            var knee = Knee(av);
            // Latencies and memory are read at the knee (the most cameras carried), or at the first point when none was.
            var at = knee ?? av[0];
            var decode = CpuCost.Of(ffmpeg);
            yield return new Summary(
                source, model, knee, Knee(peer), at, peer.FirstOrDefault(p => p.Cameras == at.Cameras && p.Error is null),
                CpuCost.Of(av), CpuCost.Of(peer), decode is null ? null : CpuCost.PerCameraOnly(decode.PerCamera),
                bareCpuMs.TryGetValue((source, model), out var ms) ? CpuCost.PerCameraOnly(ms * settings.AnalysisFps / 1000) : null,
                av.FirstOrDefault(p => !p.AllSustained), peer.FirstOrDefault(p => !p.AllSustained));
        }
    }

    private static List<BenchmarkResult> Results(
        LoadSettings settings, List<LoadPoint> points, Dictionary<(string Source, string Model), double> bareCpuMs, List<OverloadPoint> overloads)
    {
        var results = new List<BenchmarkResult>();
        foreach (var s in Summaries(settings, points, bareCpuMs))
        {
            var prefix = $"e2e-{s.Source}-{s.Model}";
            results.Add(new BenchmarkResult($"{prefix}-cameras-sustained", s.Knee?.Cameras ?? 0, "cameras", settings.Peer ? s.PeerKnee?.Cameras ?? 0 : null));
            if (s.ActorVision is { Capacity: var capacity } && !double.IsNaN(capacity))
            {
                // Capacity if CPU were the only limit, against the same for each limit: the ratio is the fraction of the limit reached.
                foreach (var (name, limit) in new[] { ("ffmpeg-decode", s.Decode), ("bare-model", s.BareModel), ("decode-plus-model", s.DecodePlusModel), ("peer", s.Peer) })
                    if (limit is not null && !double.IsNaN(limit.Capacity))
                        results.Add(new BenchmarkResult($"{prefix}-capacity-vs-{name}", capacity, "cameras (CPU)", limit.Capacity));
            }
            results.Add(new BenchmarkResult($"{prefix}-latency-p95", s.At.LatencyP95, "ms", s.PeerAt?.LatencyP95, HigherIsBetter: false));
            results.Add(new BenchmarkResult($"{prefix}-latency-p99", s.At.LatencyP99, "ms", s.PeerAt?.LatencyP99, HigherIsBetter: false));
            if (s.At.EventSamples > 0) results.Add(new BenchmarkResult($"{prefix}-event-latency-p95", s.At.EventP95, "ms", HigherIsBetter: false));
            results.Add(new BenchmarkResult($"{prefix}-rss-per-camera", Mb(s.At.ResidentPerCameraBytes), "MB", s.PeerAt is null ? null : Mb(s.PeerAt.ResidentPerCameraBytes), HigherIsBetter: false));
        }
        foreach (var o in overloads)
        {
            var prefix = $"e2e-{o.Source}-{o.Model}-overload";
            results.Add(new BenchmarkResult($"{prefix}-cameras", o.Point.Cameras, "cameras", o.Knee.Cameras));
            results.Add(new BenchmarkResult($"{prefix}-latency-p99", o.Point.LatencyP99, "ms", o.Knee.LatencyP99, HigherIsBetter: false));
            results.Add(new BenchmarkResult($"{prefix}-min-camera-fps", o.Point.MinCameraFps, "fps", o.Point.MaxCameraFps));
            results.Add(new BenchmarkResult($"{prefix}-rss", Mb(o.Point.ResidentBytes), "MB", Mb(o.Knee.ResidentBytes), HigherIsBetter: false));
            results.Add(new BenchmarkResult($"{prefix}-checks-passed", o.Checks().Count(c => c.Passed), "checks", o.Checks().Count));
        }
        return results;
    }

    private string SweepMarkdown(
        LoadSettings settings, List<LoadPoint> points, Dictionary<(string Source, string Model), double> bareCpuMs, List<OverloadPoint> overloads, string? chart)
    {
        var inv = CultureInfo.InvariantCulture;
        var cores = Environment.ProcessorCount;
        var sb = new StringBuilder();
        sb.AppendLine("#### End-to-end load (e2e-load)");
        sb.AppendLine();
        sb.AppendLine(inv, $"Command: `./run.sh bench e2e-load {settings.Arguments()}`");
        sb.AppendLine();
        sb.AppendLine(inv, $"Machine: {BenchmarkReport.MachineDescription()}; load average {_loadBefore} before the run, {BenchmarkReport.LoadAverage()} after it.");
        sb.AppendLine();
        sb.AppendLine(string.Create(inv, $"Each point: a fresh RTSP test server (one mount per camera, the clip looped, 25 fps), {settings.Warmup.TotalSeconds:0} s warm-up, " +
            $"{settings.Duration.TotalSeconds:0} s measured; analysis at {settings.AnalysisFps:0.#} fps, {settings.AnalysisWidth} px wide. A camera is sustained when fewer " +
            $"than 1 % of the frames due for analysis were dropped or missing and its own p99 capture-to-analysis latency stayed under two analysis " +
            $"intervals ({Sustain.LatencyLimitMs(settings.AnalysisFps):0} ms); \"failed on\" says which criterion failed, for how many cameras. " +
            $"The sweep ({settings.Cameras.Text}) stops after the first camera count no system sustains; the knee is the last count where " +
            $"every camera was sustained. Start is the seconds from starting the cameras to every one running (the peer: reading its first frame; " +
            $"its warm-up starts after that). Latency is capture (the frame left the decoder) to the end of its " +
            $"analysis; ActorVision's event latency runs to the events being persisted. CPU is user + system over wall time, in cores " +
            $"({cores} on this machine); ActorVision's idle node (the same node before its cameras start) is shown in brackets. Memory per camera is the resident " +
            $"memory above the same process with no camera. The RTSP server's own CPU is shown apart."));
        if (chart is not null)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"![latency p95 and CPU versus cameras]({chart})");
        }
        foreach (var group in points.GroupBy(p => p.Source))
        {
            var source = LoadSource.Named(group.Key);
            sb.AppendLine();
            sb.AppendLine(inv, $"##### {source.Description}");
            sb.AppendLine();
            sb.AppendLine("| cameras | system | model | sustained | failed on | fps | drop per camera min / max | latency p50 / p95 / p99 ms | event p50 / p95 / p99 ms (n) | CPU cores (idle) | CPU per camera above idle | RSS MB | MB per camera | start s | RTSP server CPU |");
            sb.AppendLine("| ---: | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var p in group.OrderBy(p => p.Cameras).ThenBy(p => p.Model).ThenBy(p => p.System))
                sb.AppendLine(Row(p));
        }

        if (overloads.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("##### Overload");
            sb.AppendLine();
            sb.Append(inv, $"ActorVision at {settings.OverloadFactor:0.##}x its knee, run once the sweep found the knee (a sustained count followed by one that was not; ");
            sb.Append("`--no-overload` skips it, `--overload` runs it after a sweep that ended sustained too), judged as issue 15's \"Done when\" states it: every camera ");
            sb.Append(inv, $"still analyses frames, p99 capture-to-analysis under {OverloadPoint.MaxLatencyP99Ms / 1000:0} s, resident memory (the highest in the window, the whole benchmark process) ");
            sb.Append(inv, $"within {OverloadPoint.MaxResidentRatio:0.0}x of the knee's. Analysed fps per camera min / max shows whether a saturated node sheds load evenly. ");
            sb.Append("The memory line cannot tell queueing from what each camera holds (its decoder, `media-decoder-memory`) and leaves less per camera ");
            sb.Append("the higher the knee, so a fourth check compares the memory each camera added past the knee brought with the memory per camera at the knee. ");
            sb.AppendLine("A count the sweep had measured already is reused.");
            sb.AppendLine();
            sb.AppendLine("| source | model | knee | cameras | sustained | failed on | latency p50 / p95 / p99 ms | drop per camera min / max | analysed fps per camera min / max | CPU cores | RSS MB (knee) | RSS vs knee | MB per added camera (per knee camera) |");
            sb.AppendLine("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var o in overloads)
            {
                var p = o.Point;
                sb.AppendLine(inv, $"| {o.Source} | {o.Model} | {o.Knee.Cameras} | {p.Cameras}{(o.FromSweep ? " (sweep)" : "")} | {p.Sustained}/{p.Cameras} | {Cell(p.FailedOn)}{(p.Error is null ? "" : " " + Cell(p.Error))} | " +
                    $"{Ms(p.LatencyP50)} / {Ms(p.LatencyP95)} / {Ms(p.LatencyP99)} | {p.LeastDropFraction:0.0%} / {p.WorstDropFraction:0.0%} | {p.MinCameraFps:0.00} / {p.MaxCameraFps:0.00} | " +
                    $"{p.CpuCores:0.00} | {Mb(p.ResidentBytes):0} ({Mb(o.Knee.ResidentBytes):0}) | {(double.IsNaN(o.ResidentRatio) ? "n/a" : o.ResidentRatio.ToString("0.00", inv))} | " +
                    $"{Mb(o.ResidentPerAddedCamera):0.0} ({Mb(o.ResidentPerKneeCamera):0.0}) |");
            }
            sb.AppendLine();
            sb.AppendLine("```");
            foreach (var o in overloads)
            foreach (var line in o.CheckLines())
                sb.AppendLine(line);
            sb.AppendLine("```");
        }

        sb.AppendLine();
        sb.AppendLine("##### Knee and limits");
        sb.AppendLine();
        sb.AppendLine("CPU costs in cores: fixed (ActorVision's idle node) + per camera, the least-squares slope through the origin of each sustained " +
                      "point's CPU above its idle node versus its cameras (the points with most cameras weigh most); it is only as good as the span of " +
                      "cameras it rests on, so read it from a sweep that reaches the knee. " +
                      "Capacity is the cores left beside the fixed part divided by the cost per camera: what the machine could carry if CPU were the only limit. " +
                      "The limits: FFmpeg decoding the same streams (`ffmpeg -rtsp_transport tcp -threads 1 -i URL -f null -`, one per camera), " +
                      "the bare model loop (the shipped model entry, batch 1, frames of the same clip, nothing else running) at the analysis fps, and the two together. " +
                      "The vs columns are ActorVision's capacity over the limit's: the fraction of the limit it reaches (target >= 0.9 where decode or inference dominates).");
        sb.AppendLine();
        sb.AppendLine("Knees are measured (the last count where every camera was sustained; `>= N` when the sweep ended sustained at N); " +
                      "\"first failure\" is the next count tried, with its CPU: a system that fails with cores to spare is limited by something " +
                      "other than CPU (latency, a lock, start-up), one that fails with the cores full has reached the machine.");
        sb.AppendLine();
        sb.AppendLine("| source | model | knee ActorVision | first failure ActorVision (CPU cores) | knee peer | first failure peer (CPU cores) | knee ratio | ActorVision fixed + per camera | FFmpeg decode per camera | bare model per camera | capacity ActorVision | vs decode | vs model | vs decode + model | peer fixed + per camera | capacity peer | vs peer |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in Summaries(settings, points, bareCpuMs))
        {
            var capacity = s.ActorVision?.Capacity ?? double.NaN;
            string Ratio(CpuCost? limit) => limit is not null && !double.IsNaN(capacity) && !double.IsNaN(limit.Capacity) ? (capacity / limit.Capacity).ToString("0.00", inv) : "";
            static string Cost(CpuCost? c) => c is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"{(c.Fixed > 0 ? $"{c.Fixed:0.000} + " : "")}{c.PerCamera:0.000}{(c.Points > 0 ? $" ({c.Points} points)" : "")}");
            static string Count(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0", CultureInfo.InvariantCulture);
            string Knee(LoadPoint? knee, LoadPoint? failure) => failure is null && knee is not null ? $">= {knee.Cameras}" : (knee?.Cameras ?? 0).ToString(inv);
            static string Failure(LoadPoint? f) => f is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{f.Cameras} ({f.CpuCores:0.00}): {Cell(f.FailedOn)}");
            // A knee the sweep did not get past is a lower bound: so is the ratio (or nothing is known when both are).
            var kneeRatio = double.IsNaN(s.KneeRatio) || (s.Failure is null && s.PeerFailure is null) ? ""
                : (s.Failure is null ? ">= " : s.PeerFailure is null ? "<= " : "") + s.KneeRatio.ToString("0.00", inv);
            sb.AppendLine(inv, $"| {s.Source} | {s.Model} | {Knee(s.Knee, s.Failure)} | {Failure(s.Failure)} | {(settings.Peer ? Knee(s.PeerKnee, s.PeerFailure) : "")} | {Failure(s.PeerFailure)} | {kneeRatio} | {Cost(s.ActorVision)} | {Cost(s.Decode)} | {Cost(s.BareModel)} | " +
                $"{Count(capacity)} | {Ratio(s.Decode)} | {Ratio(s.BareModel)} | {Ratio(s.DecodePlusModel)} | {Cost(s.Peer)} | {(s.Peer is null ? "" : Count(s.Peer.Capacity))} | {Ratio(s.Peer)} |");
        }
        return sb.ToString();
    }

    private static string Row(LoadPoint p)
    {
        var inv = CultureInfo.InvariantCulture;
        if (p.Error is not null && p.FramesPerSecond == 0)
            return $"| {p.Cameras} | {p.System} | {p.Model} | failed | {Cell(p.Error)} | | | | | | | | | | |";
        var events = p.EventSamples > 0 ? string.Create(inv, $"{p.EventP50:0} / {p.EventP95:0} / {p.EventP99:0} ({p.EventSamples})") : "";
        var idle = p.IdleCpuCores > 0 ? string.Create(inv, $" ({p.IdleCpuCores:0.00})") : "";
        var failedOn = Cell(p.FailedOn) + (p.Error is null ? "" : (p.FailedOn.Length > 0 ? "; " : "") + Cell(p.Error));
        return string.Create(inv, $"| {p.Cameras} | {p.System} | {p.Model} | {p.Sustained}/{p.Cameras} | {failedOn} | {p.FramesPerSecond:0.0} | {p.LeastDropFraction:0.0%} / {p.WorstDropFraction:0.0%} | ") +
            string.Create(inv, $"{Ms(p.LatencyP50)} / {Ms(p.LatencyP95)} / {Ms(p.LatencyP99)} | {events} | {p.CpuCores:0.00}{idle} | {p.MarginalCpuPerCamera:0.000} | {Mb(p.ResidentBytes):0} | {Mb(p.ResidentPerCameraBytes):0.0} | ") +
            string.Create(inv, $"{(double.IsNaN(p.StartSeconds) ? "" : p.StartSeconds.ToString("0.0", inv))} | {p.ServerCpuCores:0.00} |");
    }

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "/", StringComparison.Ordinal);

    /// <summary>Runs peer/plot_e2e.py (matplotlib) on the points; returns the chart's path for the markdown, or null.</summary>
    private static async Task<string?> ChartAsync(BenchmarkContext context, LoadSettings settings, string work, List<LoadPoint> points)
    {
        var data = Path.Combine(work, "e2e-load.json");
        await File.WriteAllTextAsync(data, JsonSerializer.Serialize(new
        {
            machine = BenchmarkReport.MachineDescription(),
            arguments = settings.Arguments(),
            points = points.Where(p => p.Error is null || p.FramesPerSecond > 0).Select(p => new
            {
                system = p.System, source = p.Source, model = p.Model, cameras = p.Cameras, sustained = p.Sustained,
                latency_p95 = double.IsNaN(p.LatencyP95) ? (double?)null : p.LatencyP95, cpu_cores = p.CpuCores,
            }),
        }));
        Directory.CreateDirectory(Path.GetDirectoryName(settings.ChartPath)!);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(context.RepoRoot, "tests", "ActorVision.Benchmarks", "peer", "plot_e2e.py"));
        start.ArgumentList.Add(data);
        start.ArgumentList.Add(settings.ChartPath);
        using var plot = Process.Start(start)!;
        var errors = await plot.StandardError.ReadToEndAsync();
        await plot.WaitForExitAsync();
        if (plot.ExitCode != 0)
        {
            context.Log($"no chart (python3-matplotlib missing? scripts/setup.sh bench installs it): {errors.Trim()}");
            return null;
        }
        context.Log($"chart: {settings.ChartPath}");
        var docs = Path.Combine(context.RepoRoot, "docs");
        return settings.ChartPath.StartsWith(docs + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(docs, settings.ChartPath)
            : settings.ChartPath;
    }

    private static List<LoadPoint> Series(List<LoadPoint> points, string system, string source, string model) =>
        points.Where(p => p.System == system && p.Source == source && p.Model == model).OrderBy(p => p.Cameras).ToList();

    /// <summary>The last point of the sweep where every camera was sustained, before the first that was not.</summary>
    private static LoadPoint? Knee(List<LoadPoint> series) => series.TakeWhile(p => p.AllSustained).LastOrDefault();

    private static string Key(string system, string model) => system + "|" + model;

    private static string Describe(LoadPoint p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.System,-13} {p.Source} {p.Model,-10} N={p.Cameras,-3} sustained {p.Sustained}/{p.Cameras}{(p.FailedOn.Length > 0 ? $" (failed on {p.FailedOn})" : "")} fps {p.FramesPerSecond:0.0} " +
            $"per camera {p.MinCameraFps:0.00}..{p.MaxCameraFps:0.00} drop {p.LeastDropFraction:0.0%}..{p.WorstDropFraction:0.0%} ") +
        string.Create(CultureInfo.InvariantCulture, $"latency p50/p95/p99 {Ms(p.LatencyP50)}/{Ms(p.LatencyP95)}/{Ms(p.LatencyP99)} ms") +
        (p.EventSamples > 0 ? string.Create(CultureInfo.InvariantCulture, $" events({p.EventSamples}) p50/p95/p99 {p.EventP50:0}/{p.EventP95:0}/{p.EventP99:0} ms") : "") +
        string.Create(CultureInfo.InvariantCulture, $" CPU {p.CpuCores:0.00} cores (idle {p.IdleCpuCores:0.00}, {p.MarginalCpuPerCamera:0.000}/camera above) RSS {Mb(p.ResidentBytes):0} MB ({Mb(p.ResidentPerCameraBytes):0.0}/camera{(double.IsNaN(p.ManagedHeapBytes) ? "" : $", managed heap {Mb(p.ManagedHeapBytes):0} MB")}{(double.IsNaN(p.NativeInUseBytes) ? "" : $", native {Mb(p.NativeInUseBytes):0} MB")}) start {p.StartSeconds:0.0} s server CPU {p.ServerCpuCores:0.00}") +
        (p.Error is null ? "" : $" ERROR {p.Error}");

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static double Mb(double bytes) => bytes / (1024.0 * 1024);
}
