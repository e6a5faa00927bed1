using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;

namespace ActorVision.Benchmarks.Analytics;

/// <summary>
/// The per-frame cost of analytics: ByteTracker plus ten rules with 50 people per frame, at 10 analysed frames
/// per second of stream time. Target: under 50 us per frame and no allocation in steady state.
/// </summary>
public sealed class TrackerRulesBenchmark : IBenchmark
{
    private const int People = 50;
    private const double TargetMicroseconds = 50;
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(2);

    public string Name => "analytics-tracker-rules";
    public string Group => "analytics";
    public string Description => "ByteTracker + 10 rules, 50 objects per frame: us per frame (target < 50) and bytes allocated per frame (target 0)";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var frames = Math.Max(500, (int)(20_000 * context.DurationScale));
        var quiet = Measure(new SyntheticCrowd(People, busy: false), frames, context);
        var busy = Measure(new SyntheticCrowd(People, busy: true), frames, context);
        var statisticsMicroseconds = MeasureFrameStatistics(frames);
        context.Log($"quiet: {quiet.Microseconds:0.00} us/frame, {quiet.BytesPerFrame:0.0} B/frame, {quiet.EventsPerFrame:0.000} events/frame, {quiet.Tracks} tracks");
        context.Log($"busy:  {busy.Microseconds:0.00} us/frame, {busy.BytesPerFrame:0.0} B/frame, {busy.EventsPerFrame:0.000} events/frame, {busy.Tracks} tracks");
        context.Log($"frame statistics 640x360 RGB: {statisticsMicroseconds:0.00} us/frame");
        if (quiet.Tracks != People) throw new InvalidOperationException($"Expected {People} confirmed tracks in the quiet scene, got {quiet.Tracks}.");

        IReadOnlyList<BenchmarkResult> results =
        [
            new("analytics-frame-time", quiet.Microseconds, "us", TargetMicroseconds, HigherIsBetter: false),
            new("analytics-frame-alloc", quiet.BytesPerFrame, "bytes", HigherIsBetter: false),
            new("analytics-busy-frame-time", busy.Microseconds, "us", TargetMicroseconds, HigherIsBetter: false),
            new("analytics-busy-events", busy.EventsPerFrame, "events/frame"),
            new("analytics-busy-frame-alloc", busy.BytesPerFrame, "bytes", HigherIsBetter: false),
            new("analytics-frame-statistics-time", statisticsMicroseconds, "us", HigherIsBetter: false),
        ];
        return Task.FromResult(results);
    }

    private static Measurement Measure(SyntheticCrowd crowd, int frames, BenchmarkContext context)
    {
        var tracker = new ByteTracker();
        var engine = new RuleEngine("bench", TenRules());
        var events = new List<AnalyticsEvent>(256);
        var statistics = new FrameStatistics(110f, 40f, 3f, true);
        var time = TimeSpan.Zero;
        IReadOnlyList<Track> tracks = [];

        long measuredTicks = 0;
        void Step()
        {
            // Only the tracker and the rules are timed, not making up the detections.
            var detections = crowd.Frame(time);
            var frame = new FrameAnalysis(SyntheticCrowd.FrameWidth, SyntheticCrowd.FrameHeight, time, DateTime.UnixEpoch + time, statistics);
            var start = Stopwatch.GetTimestamp();
            tracks = tracker.Update(detections, time);
            engine.Evaluate(frame, tracks, events);
            measuredTicks += Stopwatch.GetTimestamp() - start;
            time += FrameInterval;
        }

        // Warm-up: at least a minute of stream, so tracks are confirmed and one-off events (loitering, stationary) have
        // fired, and at least two seconds of wall time, so the JIT has moved the hot methods to optimised code.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 600 || warmUp.Elapsed < WarmUpTime; i++) Step();
        events.Clear();
        events.Capacity = Math.Max(events.Capacity, frames * 4);

        var eventsBefore = events.Count;
        measuredTicks = 0;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < frames; i++) Step();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        var confirmed = tracks.Count(t => t.State == TrackState.Confirmed);
        return new Measurement(
            Stopwatch.GetElapsedTime(0, measuredTicks).TotalMicroseconds / frames,
            (double)bytes / frames,
            (double)(events.Count - eventsBefore) / frames,
            confirmed);
    }

    private static double MeasureFrameStatistics(int frames)
    {
        var sampler = new FrameStatisticsSampler();
        var a = VideoFrame.Allocate(640, 360, PixelFormat.Rgb24);
        var b = VideoFrame.Allocate(640, 360, PixelFormat.Rgb24);
        new Random(7).NextBytes(a.Pixels);
        new Random(8).NextBytes(b.Pixels);
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.Elapsed < WarmUpTime; i++) sampler.Measure(i % 2 == 0 ? a : b);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < frames; i++) sampler.Measure(i % 2 == 0 ? a : b);
        return watch.Elapsed.TotalMicroseconds / frames;
    }

    private static IReadOnlyList<RuleSpec> TenRules() =>
    [
        new ZoneRuleSpec { Id = "zone-left", Polygon = Polygon.Rectangle(0.02f, 0.05f, 0.48f, 0.95f) },
        new ZoneRuleSpec { Id = "zone-hexagon", Classes = ClassFilter.Of("person"), Polygon = Polygon.Of(new(0.5f, 0.1f), new(0.7f, 0.2f), new(0.7f, 0.6f), new(0.5f, 0.7f), new(0.3f, 0.6f), new(0.3f, 0.2f)) },
        new ZoneRuleSpec { Id = "zone-cars", Classes = ClassFilter.Of("car"), Polygon = Polygon.Rectangle(0.5f, 0.5f, 1f, 1f) },
        new LineCrossingRuleSpec { Id = "line-vertical", A = new(0.5f, 0f), B = new(0.5f, 1f) },
        new LineCrossingRuleSpec { Id = "line-horizontal", A = new(0f, 0.4f), B = new(1f, 0.4f), Direction = CrossingDirection.In },
        new LoiteringRuleSpec { Id = "loiter", Polygon = Polygon.Rectangle(0.6f, 0.05f, 0.98f, 0.95f), Threshold = TimeSpan.FromSeconds(20) },
        new OccupancyRuleSpec { Id = "crowd", Polygon = Polygon.Rectangle(0f, 0f, 1f, 1f), Limit = 40, Duration = TimeSpan.FromSeconds(5) },
        new OccupancyRuleSpec { Id = "unattended", Polygon = Polygon.Rectangle(0.8f, 0.8f, 1f, 1f), Condition = OccupancyCondition.FewerThan, Limit = 1, Duration = TimeSpan.FromSeconds(5) },
        new StationaryObjectRuleSpec { Id = "stationary", MaxMovement = 0.05f, Threshold = TimeSpan.FromSeconds(10) },
        new CameraHealthRuleSpec { Id = "health" },
    ];

    private sealed record Measurement(double Microseconds, double BytesPerFrame, double EventsPerFrame, int Tracks);
}
