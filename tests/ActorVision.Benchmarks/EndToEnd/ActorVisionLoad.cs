using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Hosting;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Node;
using ActorVision.Node.Configuration;
using ActorVision.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// A real node in this process (shipped hocon/, SQLite journal) running N live cameras on the RTSP test server,
/// measured through the engine's own instruments (a <see cref="MeterListener"/> on the <c>ActorVision</c> meter:
/// frames analysed and dropped, capture-to-analysed and capture-to-event latency per camera), the process's CPU
/// time and its resident memory.
/// </summary>
public sealed class ActorVisionLoad : IAsyncDisposable
{
    public const string SystemName = "ActorVision";

    private readonly WebApplication _app;
    private readonly string _dataFolder;
    private readonly ConcurrentDictionary<string, CameraTally> _tallies = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();
    private volatile bool _measuring;

    private ActorVisionLoad(WebApplication app, string dataFolder)
    {
        _app = app;
        _dataFolder = dataFolder;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ActorVisionMetrics.MeterName && instrument.Name is
                    "actorvision.camera.frames.analysed" or "actorvision.camera.frames.dropped"
                    or "actorvision.camera.analysis.latency" or "actorvision.camera.event.latency")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.SetMeasurementEventCallback<double>(OnSeconds);
        _listener.Start();
    }

    /// <param name="extraHocon">Added on top of the shipped configuration (an A/B of a setting: <c>--node-hocon</c>).</param>
    public static async Task<ActorVisionLoad> StartNodeAsync(string repoRoot, string extraHocon = "")
    {
        var data = Directory.CreateTempSubdirectory("av-bench-e2e-").FullName;
        var overrides = Path.Combine(data, "bench.conf");
        var ports = TestPorts.Pick(3);
        await File.WriteAllTextAsync(overrides, $$"""
            actorvision.node { port = {{ports[0]}}, data-folder = "{{data}}" }
            actorvision.api { grpc-port = {{ports[1]}}, http-port = {{ports[2]}} }
            akka.loglevel = WARNING
            {{extraHocon}}
            """);
        var app = NodeHost.Build(new NodeCommandLine(Path.Combine(repoRoot, "hocon"), [overrides], Demo: false));
        await app.StartAsync();
        return new ActorVisionLoad(app, data);
    }

    public static CameraSpec Spec(string id, string url, IReadOnlyList<string> models, LoadSettings settings) => new()
    {
        Id = id,
        SourceUrl = url,
        Models = models,
        AnalysisFps = settings.AnalysisFps,
        AnalysisWidth = settings.AnalysisWidth,
        // The crossing clip's box passes the middle every 5 s: one event per pass (the other sources may cause a few).
        Rules = [new LineCrossingRuleSpec { Id = "middle", A = new PointF(0.5f, 0.05f), B = new PointF(0.5f, 0.95f) }],
    };

    /// <summary>Registers and starts the cameras, and waits until every one reports Running; returns how long that took.</summary>
    public async Task<TimeSpan> StartCamerasAsync(IReadOnlyList<string> urls, string model, LoadSettings settings, CancellationToken cancellationToken)
    {
        var region = await _app.Services.GetRequiredService<ActorRegistry>().GetAsync<CameraRegion>(cancellationToken);
        var models = model.Split('+');
        var started = Stopwatch.StartNew();
        for (var i = 0; i < urls.Count; i++)
        {
            var reply = await region.Ask<object>(new RegisterCamera(Spec($"load-{i + 1}", urls[i], models, settings), CameraOwner.Api, Start: true), TimeSpan.FromSeconds(30), cancellationToken);
            if (reply is not CameraAccepted) throw new InvalidOperationException($"camera load-{i + 1} refused: {reply}");
        }
        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < urls.Count; i++)
        {
            while (true)
            {
                var view = await region.Ask<CameraView>(new GetCamera($"load-{i + 1}"), TimeSpan.FromSeconds(30), cancellationToken);
                if (view.Status.State == CameraRunState.Running) break;
                if (view.Status.State == CameraRunState.Failed || deadline.Elapsed > TimeSpan.FromSeconds(90 + urls.Count))
                    throw new InvalidOperationException($"camera load-{i + 1} is {view.Status.State}: {view.Status.Reason}");
                await Task.Delay(100, cancellationToken);
            }
        }
        return started.Elapsed;
    }

    /// <summary>Resident memory of this process with the node up and no camera (after a full collection).</summary>
    public static long IdleResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return ProcessUsage.ResidentBytes(ProcessUsage.Self);
    }

    /// <summary>CPU of this process over <paramref name="window"/>, in cores (the node alone, before any camera).</summary>
    public static async Task<double> IdleCpuCoresAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var cpu0 = ProcessUsage.CpuSeconds(ProcessUsage.Self) ?? 0;
        var wall = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        return ((ProcessUsage.CpuSeconds(ProcessUsage.Self) ?? 0) - cpu0) / wall.Elapsed.TotalSeconds;
    }

    /// <summary>Measures the running cameras for <paramref name="duration"/>.</summary>
    /// <param name="sample">Called about every second with the time into the window and the resident memory (the soak's series).</param>
    public async Task<LoadPoint> MeasureAsync(
        LoadSource source, string model, int cameras, TimeSpan duration, double analysisFps, long idleResident, int? serverPid,
        CancellationToken cancellationToken, Action<TimeSpan, long>? sample = null)
    {
        _tallies.Clear();
        var server0 = serverPid is { } sp ? ProcessUsage.CpuSeconds(sp) : null;
        var cpu0 = ProcessUsage.CpuSeconds(ProcessUsage.Self) ?? 0;
        var wall = Stopwatch.StartNew();
        _measuring = true;
        long maxResident = 0, heapAtMax = 0, nativeAtMax = 0;
        while (wall.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(1, (duration - wall.Elapsed).TotalMilliseconds))), cancellationToken);
            var resident = ProcessUsage.ResidentBytes(ProcessUsage.Self);
            if (resident > maxResident) (maxResident, heapAtMax, nativeAtMax) = (resident, GC.GetGCMemoryInfo().HeapSizeBytes, ProcessUsage.NativeInUseBytes());
            sample?.Invoke(wall.Elapsed, resident);
        }
        _measuring = false;
        var seconds = wall.Elapsed.TotalSeconds;
        var cpu = (ProcessUsage.CpuSeconds(ProcessUsage.Self) ?? 0) - cpu0;
        var serverCpu = serverPid is { } pid && server0 is { } s0 && ProcessUsage.CpuSeconds(pid) is { } s1 ? (s1 - s0) / seconds : 0;

        var expected = analysisFps * seconds;
        var tallies = Enumerable.Range(1, cameras).Select(i => _tallies.GetValueOrDefault($"load-{i}") ?? new CameraTally()).ToArray();
        var windows = tallies.Select(t => new CameraWindow(
            t.DropFraction(expected), Interlocked.Read(ref t.Analysed) / seconds,
            ProcessUsage.Percentile(t.AnalysisLatencies().Order().ToArray(), 99))).ToArray();
        var latencies = tallies.SelectMany(t => t.AnalysisLatencies()).Order().ToArray();
        var events = tallies.SelectMany(t => t.EventLatencies()).Order().ToArray();
        return new LoadPoint
        {
            System = SystemName,
            Source = source.Name,
            Model = model,
            Cameras = cameras,
            FramesPerSecond = tallies.Sum(t => t.Analysed) / seconds,
            LatencyP50 = ProcessUsage.Percentile(latencies, 50),
            LatencyP95 = ProcessUsage.Percentile(latencies, 95),
            LatencyP99 = ProcessUsage.Percentile(latencies, 99),
            EventSamples = events.Length,
            EventP50 = ProcessUsage.Percentile(events, 50),
            EventP95 = ProcessUsage.Percentile(events, 95),
            EventP99 = ProcessUsage.Percentile(events, 99),
            CpuCores = cpu / seconds,
            ResidentBytes = maxResident,
            ManagedHeapBytes = heapAtMax,
            NativeInUseBytes = nativeAtMax,
            ResidentPerCameraBytes = Math.Max(0, maxResident - idleResident) / (double)cameras,
            IdleResidentBytes = idleResident,
            ServerCpuCores = serverCpu,
        }.Judged(windows, analysisFps);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!_measuring || value == 0 || Tally(tags) is not { } tally) return;
        if (instrument.Name == "actorvision.camera.frames.analysed") Interlocked.Add(ref tally.Analysed, value);
        else if (Tag(tags, "stage") is "analysis") Interlocked.Add(ref tally.Dropped, value);
    }

    private void OnSeconds(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!_measuring || Tally(tags) is not { } tally) return;
        tally.Record(instrument.Name == "actorvision.camera.event.latency", value * 1000);
    }

    private CameraTally? Tally(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Tag(tags, "camera") is { } camera ? _tallies.GetOrAdd(camera, static _ => new CameraTally()) : null;

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
            if (tag.Key == key) return tag.Value as string;
        return null;
    }

    private sealed class CameraTally
    {
        public long Analysed;
        public long Dropped;
        private readonly List<double> _analysis = new(1024);
        private readonly List<double> _events = new(64);
        private readonly Lock _gate = new();

        public void Record(bool isEvent, double milliseconds)
        {
            lock (_gate) (isEvent ? _events : _analysis).Add(milliseconds);
        }

        public double[] AnalysisLatencies()
        {
            lock (_gate) return _analysis.ToArray();
        }

        public double[] EventLatencies()
        {
            lock (_gate) return _events.ToArray();
        }

        /// <summary>Due frames not analysed: dropped ones, or missing ones when the camera fell behind its source.</summary>
        public double DropFraction(double expected)
        {
            var analysed = Interlocked.Read(ref Analysed);
            var dropped = Interlocked.Read(ref Dropped);
            var droppedFraction = analysed + dropped == 0 ? 1 : dropped / (double)(analysed + dropped);
            var missingFraction = LoadPoint.MissingFraction(analysed, expected);
            return Math.Max(droppedFraction, missingFraction);
        }
    }
}
