using System.Collections.Immutable;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Persistence.Tests.Cameras;

/// <summary>Every persisted camera event and the snapshot survive a round trip under a stable manifest.</summary>
public sealed class CameraJournalSerializerTests : TestKit
{
    private static readonly DateTime At = new(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Utc);

    private static readonly CameraSpec Spec = new()
    {
        Id = "dock",
        Name = "Loading dock",
        SourceUrl = "rtsp://user:pw@10.0.0.7/main",
        Mode = SourceMode.File,
        Loop = true,
        Models = ["motion", "face-front"],
        Device = "cuda:0",
        AnalysisFps = 7.5,
        AnalysisWidth = 640,
        AnalysisHeight = 360,
        Outputs = new CameraOutputs { HlsFolder = "hls/dock", Mp4Path = "dock.mp4", RtspPublishUrl = "rtsp://out/dock", Snapshots = true, BitrateKbps = 900 },
        Rules =
        [
            new ZoneRuleSpec { Id = "z", Name = "Zone", Polygon = Polygon.Rectangle(0.1f, 0.2f, 0.6f, 0.9f), ReportExit = false, Classes = ClassFilter.Of("person"), Cooldown = TimeSpan.FromSeconds(2), Anchor = AnchorPoint.Center, MinConfidence = 0.4f, MinBoxSize = new SizeF(0.01f, 0.02f) },
            new LineCrossingRuleSpec { Id = "l", A = new PointF(0, 0.5f), B = new PointF(1, 0.5f), Direction = CrossingDirection.Out, Hysteresis = 0.05f, Enabled = false },
            new LoiteringRuleSpec { Id = "lo", Polygon = Polygon.Rectangle(0, 0, 1, 1), Threshold = TimeSpan.FromSeconds(30) },
            new OccupancyRuleSpec { Id = "o", Polygon = Polygon.Rectangle(0, 0, 1, 1), Condition = OccupancyCondition.FewerThan, Limit = 3, Duration = TimeSpan.FromSeconds(5) },
            new StationaryObjectRuleSpec { Id = "s", Threshold = TimeSpan.FromMinutes(2), MaxMovement = 0.03f },
            new CameraHealthRuleSpec { Id = "h", NoFramesAfter = null, FrozenAfter = TimeSpan.FromSeconds(20), BlackoutMaxLuma = 12 },
        ],
    };

    private static readonly AnalyticsEvent Event = new()
    {
        Id = AnalyticsEventId.Create("dock", "l", 12, AnalyticsEventType.LineCrossed, TimeSpan.FromSeconds(9.4)),
        CameraId = "dock", RuleId = "l", RuleName = "l", EventType = AnalyticsEventType.LineCrossed, TrackId = 12, Label = "person",
        Confidence = 0.87f, WallTime = At, StreamTime = TimeSpan.FromSeconds(9.4), Box = new BoxF(0.1f, 0.2f, 0.3f, 0.4f),
        Direction = CrossingDirection.Out, InCount = 3, OutCount = 4,
    };

    public static IEnumerable<object[]> Events() =>
    [
        [new CameraRegistered(Spec, CameraOwner.File, At)],
        [new CameraUpdated(Spec with { Rules = [] }, At)],
        [new CameraRulesReplaced(Spec.Rules, At)],
        [new CameraStarted(At)],
        [new CameraStopped(At)],
        [new CameraRemoved(At)],
        [new CameraFileCompleted(7200, At)],
        [new AnalyticsEventRecorded(Event)],
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Journal_events_round_trip_through_the_registered_protobuf_serializer(ICameraEvent original)
    {
        var serializer = Sys.Serialization.FindSerializerFor(original);
        Assert.IsType<CameraJournalSerializer>(serializer);

        var manifest = Serialization.ManifestFor(serializer, original);
        var copy = Sys.Serialization.Deserialize(serializer.ToBinary(original), serializer.Identifier, manifest);

        switch (original)
        {
            case CameraRegistered e:
                var registered = Assert.IsType<CameraRegistered>(copy);
                Assert.True(CameraSpecComparer.Instance.Equals(e.Spec, registered.Spec));
                Assert.Equal((e.Owner, e.At), (registered.Owner, registered.At));
                break;
            case CameraUpdated e:
                Assert.True(CameraSpecComparer.Instance.Equals(e.Spec, Assert.IsType<CameraUpdated>(copy).Spec));
                break;
            case CameraRulesReplaced e:
                Assert.Equal(e.Rules, Assert.IsType<CameraRulesReplaced>(copy).Rules);
                break;
            default:
                Assert.Equal(original, copy);
                break;
        }
    }

    [Fact]
    public void Manifests_are_stable_names_not_type_names()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new CameraStarted(At));
        Assert.Equal("camera-started.v1", serializer.Manifest(new CameraStarted(At)));
        Assert.Equal("analytics-event.v1", serializer.Manifest(new AnalyticsEventRecorded(Event)));
        Assert.Equal("camera-snapshot.v1", serializer.Manifest(new CameraState("x")));
    }

    [Fact]
    public void The_snapshot_round_trips()
    {
        var state = new CameraState("dock")
        {
            Spec = Spec, Owner = CameraOwner.File, ShouldRun = true, EventsTotal = 42, LastEvent = Event, FileCompleted = new CameraFileCompleted(250, At),
            Counters = ImmutableSortedDictionary<string, long>.Empty.Add("l.in", 3).Add("l.out", 4),
        };
        var serializer = Sys.Serialization.FindSerializerFor(state);

        var copy = Assert.IsType<CameraState>(Sys.Serialization.Deserialize(serializer.ToBinary(state), serializer.Identifier, "camera-snapshot.v1"));

        Assert.True(CameraSpecComparer.Instance.Equals(Spec, copy.Spec));
        Assert.Equal((state.Owner, state.ShouldRun, state.EventsTotal), (copy.Owner, copy.ShouldRun, copy.EventsTotal));
        Assert.Equal(Event, copy.LastEvent);
        Assert.Equal(state.Counters, copy.Counters);
        Assert.Equal(state.FileCompleted, copy.FileCompleted);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new CameraStarted(At));
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "camera-teleported.v9"));
        Assert.Contains("camera-teleported.v9", error.Message);
    }

    public CameraJournalSerializerTests() : base(ActorVisionSerialization.Config) { }
}
