using ActorVision.Core.Detections;
using ActorVision.Core.Events;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Scenes;

/// <summary>The analytics part of a camera as the engine will run it: tracker, then rules, frame after frame.</summary>
public sealed class Pipeline
{
    public static readonly DateTime Epoch = new(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);

    public Pipeline(IReadOnlyList<RuleSpec> rules, TrackerOptions? options = null, string cameraId = "cam-1")
    {
        Tracker = new ByteTracker(options);
        Engine = new RuleEngine(cameraId, rules);
    }

    private Pipeline(ByteTracker tracker, RuleEngine engine)
    {
        Tracker = tracker;
        Engine = engine;
    }

    public ByteTracker Tracker { get; }
    public RuleEngine Engine { get; }
    public List<AnalyticsEvent> Events { get; } = new();
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;

    public static Pipeline Restore(TrackerState tracker, RuleEngineState engine, string cameraId = "cam-1") =>
        new(ByteTracker.Restore(tracker), RuleEngine.Restore(cameraId, engine));

    public IReadOnlyList<Track> Step(TimeSpan time, ReadOnlySpan<Detection> detections, FrameStatistics? statistics = null)
    {
        var tracks = Tracker.Update(detections, time);
        Engine.Evaluate(new FrameAnalysis(Width, Height, time, Epoch + time, statistics), tracks, Events);
        return tracks;
    }

    /// <summary>Runs the scene over the frame times; <paramref name="onFrame"/> sees each frame's tracks.</summary>
    public Pipeline Run(Scene scene, IEnumerable<TimeSpan> times, Action<TimeSpan, IReadOnlyList<Track>>? onFrame = null)
    {
        foreach (var time in times)
        {
            var tracks = Step(time, scene.DetectionsAt(time));
            onFrame?.Invoke(time, tracks);
        }
        return this;
    }

    /// <summary>Events as short strings such as <c>ZoneEnter#1</c> (type and track), for table-driven expectations.</summary>
    public string[] Summary() => Summarise(Events);

    /// <summary>Asserts the event summary, naming the case and what came instead when it differs.</summary>
    public void AssertSummary(string description, IEnumerable<string> expected)
    {
        var actual = Summary();
        Xunit.Assert.True(expected.SequenceEqual(actual), $"{description}: got [{string.Join(", ", actual)}]");
    }

    public static string[] Summarise(IEnumerable<AnalyticsEvent> events) =>
        events.Select(e => e.TrackId is { } id ? $"{e.EventType}#{id}" : e.EventType.ToString()).ToArray();
}
