using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Persistence.Tests.Cameras;

/// <summary>Camera messages cross nodes as protobuf and come back equal.</summary>
public sealed class CameraProtocolSerializerTests : TestKit
{
    private static readonly CameraSpec Spec = new()
    {
        Id = "lobby",
        Name = "Lobby",
        SourceUrl = "rtsp://viewer:secret@10.0.0.5/stream",
        Mode = SourceMode.Live,
        Models = ["motion", "face-front"],
        AnalysisFps = 0, // invalid, and must reach the entity's validation as such
        AnalysisWidth = 640,
        AnalysisHeight = 360,
        Rules =
        [
            new LineCrossingRuleSpec { Id = "door", Name = "Door", A = new PointF(0.5f, 0.1f), B = new PointF(0.5f, 0.9f), Direction = CrossingDirection.In },
            new ZoneRuleSpec { Id = "hall", Polygon = Polygon.Rectangle(0.1f, 0.1f, 0.6f, 0.6f), Cooldown = TimeSpan.FromSeconds(3) },
        ],
        Outputs = new CameraOutputs { HlsFolder = "hls/lobby", Snapshots = true, BitrateKbps = 800 },
    };

    private static readonly AnalyticsEvent Event = new()
    {
        Id = Guid.Parse("5d4b1c7e-0a51-5a3c-9e61-2f4c3f1b7a10"),
        CameraId = "lobby",
        RuleId = "door",
        RuleName = "Door",
        EventType = AnalyticsEventType.LineCrossed,
        TrackId = 17,
        Label = "person",
        Confidence = 0.87f,
        WallTime = new DateTime(2026, 11, 26, 14, 20, 3, DateTimeKind.Utc),
        StreamTime = TimeSpan.FromSeconds(12.4),
        Box = new BoxF(0.4f, 0.2f, 0.6f, 0.8f),
        Direction = CrossingDirection.In,
        InCount = 24,
        OutCount = 9,
    };

    private readonly CameraProtocolSerializer _serializer;

    [Fact]
    public void Commands_round_trip()
    {
        AssertSameSpec(Spec, RoundTrip(new RegisterCamera(Spec, CameraOwner.File, Start: true)).Spec);
        var register = RoundTrip(new RegisterCamera(Spec, CameraOwner.File, Start: true));
        Assert.Equal((CameraOwner.File, true), (register.Owner, register.Start));
        AssertSameSpec(Spec, RoundTrip(new UpdateCamera(Spec, CameraOwner.Api)).Spec);
        var rules = RoundTrip(new ReplaceRules("lobby", Spec.Rules, CameraOwner.Api));
        Assert.Equal(Spec.Rules, rules.Rules);
        Assert.Equal(new StartCamera("lobby"), RoundTrip(new StartCamera("lobby")));
        Assert.Equal(new StopCamera("lobby"), RoundTrip(new StopCamera("lobby")));
        Assert.Equal(new RemoveCamera("lobby", CameraOwner.File), RoundTrip(new RemoveCamera("lobby", CameraOwner.File)));
        Assert.Equal(new GetCamera("lobby"), RoundTrip(new GetCamera("lobby")));
    }

    [Fact]
    public void Replies_round_trip()
    {
        var status = new CameraStatus
        {
            State = CameraRunState.Reconnecting,
            Reason = "source ended",
            Node = "akka.tcp://actorvision@10.0.0.1:4053",
            Since = new DateTime(2026, 11, 26, 14, 0, 0, DateTimeKind.Utc),
            Statistics = new PipelineStatistics(25, 5, 25, 1000, 200, 990, 3, 2, 41.5, 88.25),
            EventsTotal = 41,
            LastEvent = Event,
            Counters = ImmutableSortedDictionary<string, long>.Empty.Add("door.in", 24).Add("door.out", 9),
        };
        var view = RoundTrip(new CameraView(Spec, CameraOwner.File, status));
        AssertSameSpec(Spec, view.Spec);
        Assert.Equal(CameraOwner.File, view.Owner);
        Assert.Equal(status with { Counters = view.Status.Counters }, view.Status);
        Assert.Equal(status.Counters, view.Status.Counters);

        var removed = RoundTrip(new CameraAccepted(new CameraView(null!, CameraOwner.Api, new CameraStatus())));
        Assert.Null(removed.Camera.Spec);

        var rejected = RoundTrip(CameraRejected.Invalid("lobby", [new FieldError("analysisFps", "0 is out of range")]));
        Assert.Equal(RejectionKind.Invalid, rejected.Kind);
        Assert.Equal([new FieldError("analysisFps", "0 is out of range")], rejected.Errors);
    }

    [Fact]
    public void Published_analytics_events_round_trip()
    {
        Assert.Equal(Event, RoundTrip(Event));
    }

    [Fact]
    public void The_actor_system_picks_this_serializer_for_camera_messages()
    {
        var serialization = Sys.Serialization;
        Assert.IsType<CameraProtocolSerializer>(serialization.FindSerializerFor(new StartCamera("x")));
        Assert.IsType<CameraProtocolSerializer>(serialization.FindSerializerFor(Event));
    }

    public CameraProtocolSerializerTests() : base(ActorVisionSerialization.Config) =>
        _serializer = new CameraProtocolSerializer((ExtendedActorSystem)Sys);

    private T RoundTrip<T>(T message) where T : notnull =>
        (T)_serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));

    private static void AssertSameSpec(CameraSpec expected, CameraSpec actual) =>
        Assert.True(CameraSpecComparer.Instance.Equals(expected, actual), $"{actual} differs from {expected}");
}
