using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Domain.Tests.Cameras;

/// <summary>The camera's decide/evolve rules, without actors.</summary>
public sealed class CameraStateTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CameraCommandContext Context = new(
        new Dictionary<string, IReadOnlyList<string>> { ["motion"] = ["motion"], ["face-front"] = ["face"] },
        new SourcePolicy(["/srv/media"], SourcePolicy.DefaultSchemes), new OutputPolicy("/var/lib/actorvision"), Now);

    private static CameraSpec Spec(string id = "door") => new()
    {
        Id = id,
        SourceUrl = "rtsp://10.1.1.5/stream1",
        Models = ["motion"],
        Rules = [new LineCrossingRuleSpec { Id = "line", A = new PointF(0.1f, 0.5f), B = new PointF(0.9f, 0.5f) }],
    };

    private static CameraState Given(params ICameraEvent[] events) => events.Aggregate(new CameraState("door"), (s, e) => s.Apply(e));

    private static CameraState Registered(CameraOwner owner = CameraOwner.Api, bool running = false) =>
        running ? Given(new CameraRegistered(Spec(), owner, Now), new CameraStarted(Now)) : Given(new CameraRegistered(Spec(), owner, Now));

    [Fact]
    public void Registering_a_new_camera_with_start_registers_and_starts_it()
    {
        var decision = new CameraState("door").Decide(new RegisterCamera(Spec(), CameraOwner.Api, Start: true), Context);

        Assert.False(decision.IsRejected);
        Assert.Collection(decision.Events, e => Assert.IsType<CameraRegistered>(e), e => Assert.IsType<CameraStarted>(e));
        var state = decision.Events.Aggregate(new CameraState("door"), (s, e) => s.Apply(e));
        Assert.True(state.Exists);
        Assert.True(state.ShouldRun);
    }

    [Fact]
    public void Registering_the_same_camera_again_is_accepted_without_events_but_a_different_one_is_a_conflict()
    {
        var state = Registered();

        Assert.Empty(state.Decide(new RegisterCamera(Spec(), CameraOwner.Api, Start: false), Context).Events);
        var conflict = state.Decide(new RegisterCamera(Spec() with { AnalysisFps = 2 }, CameraOwner.Api, Start: false), Context);
        Assert.Equal(RejectionKind.AlreadyExists, conflict.Rejection!.Kind);
    }

    [Fact]
    public void An_invalid_spec_is_rejected_with_every_field_error()
    {
        var bad = Spec() with { AnalysisFps = 0, Models = ["yolo"], SourceUrl = "ftp://x/y" };

        var decision = new CameraState("door").Decide(new RegisterCamera(bad, CameraOwner.Api, Start: true), Context);

        Assert.Equal(RejectionKind.Invalid, decision.Rejection!.Kind);
        Assert.Equal(["analysisFps", "models[0]", "sourceUrl"], decision.Rejection.Errors.Select(e => e.Path).Order());
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData("file:///etc/passwd", null, "sourceUrl")]
    [InlineData("concat:/srv/media/a.mp4|/etc/shadow", null, "sourceUrl")]
    [InlineData("udp://@:9999", null, "sourceUrl")]
    [InlineData("rtsp://10.1.1.5/stream1", "/etc/cron.d", "outputs.hlsFolder")]
    [InlineData("rtsp://10.1.1.5/stream1", "hls/door\nhls_segment_filename=/tmp/x", "outputs.hlsFolder")]
    public void A_source_or_output_outside_the_node_policy_is_rejected_and_nothing_is_registered(string source, string? hls, string field)
    {
        var spec = Spec() with { SourceUrl = source, Outputs = new CameraOutputs { HlsFolder = hls } };

        var decision = new CameraState("door").Decide(new RegisterCamera(spec, CameraOwner.Api, Start: true), Context);

        Assert.Equal(RejectionKind.Invalid, decision.Rejection!.Kind);
        Assert.Equal([field], decision.Rejection.Errors.Select(e => e.Path));
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void An_update_that_moves_a_source_outside_the_media_roots_is_rejected_and_the_camera_keeps_its_spec()
    {
        var decision = Registered().Decide(new UpdateCamera(Spec() with { SourceUrl = "/etc/shadow" }, CameraOwner.Api), Context);

        Assert.Equal(RejectionKind.Invalid, decision.Rejection!.Kind);
        Assert.Contains("outside the media roots", Assert.Single(decision.Rejection.Errors).Message);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Commands_to_an_unknown_camera_are_not_found()
    {
        var state = new CameraState("ghost");
        Assert.All(new ICameraCommand[] { new StartCamera("ghost"), new StopCamera("ghost"), new UpdateCamera(Spec("ghost"), CameraOwner.Api),
                new ReplaceRules("ghost", [], CameraOwner.Api), new RemoveCamera("ghost", CameraOwner.Api) },
            command => Assert.Equal(RejectionKind.NotFound, state.Decide(command, Context).Rejection!.Kind));
    }

    [Fact]
    public void The_camera_file_and_the_api_cannot_change_each_others_cameras_but_either_may_start_and_stop_them()
    {
        var fileCamera = Registered(CameraOwner.File);

        Assert.Equal(RejectionKind.ManagedElsewhere, fileCamera.Decide(new UpdateCamera(Spec() with { AnalysisFps = 2 }, CameraOwner.Api), Context).Rejection!.Kind);
        Assert.Equal(RejectionKind.ManagedElsewhere, fileCamera.Decide(new RemoveCamera("door", CameraOwner.Api), Context).Rejection!.Kind);
        Assert.Equal(RejectionKind.ManagedElsewhere, fileCamera.Decide(new ReplaceRules("door", [], CameraOwner.Api), Context).Rejection!.Kind);
        Assert.IsType<CameraStarted>(Assert.Single(fileCamera.Decide(new StartCamera("door"), Context).Events));
    }

    [Fact]
    public void Replacing_rules_is_its_own_event_and_an_identical_update_changes_nothing()
    {
        var state = Registered(running: true);
        var rules = new RuleSpec[] { new ZoneRuleSpec { Id = "zone", Polygon = Polygon.Rectangle(0.1f, 0.1f, 0.5f, 0.5f) } };

        var replaced = Assert.IsType<CameraRulesReplaced>(Assert.Single(state.Decide(new ReplaceRules("door", rules, CameraOwner.Api), Context).Events));
        Assert.Equal(rules, replaced.Rules);
        // Rebuilt from the same input (new list instances): the same spec.
        Assert.Empty(state.Decide(new UpdateCamera(Spec(), CameraOwner.Api), Context).Events);
        Assert.True(state.Apply(replaced).ShouldRun);
    }

    [Fact]
    public void Start_and_stop_are_idempotent()
    {
        Assert.Empty(Registered(running: true).Decide(new StartCamera("door"), Context).Events);
        Assert.Empty(Registered().Decide(new StopCamera("door"), Context).Events);
        Assert.IsType<CameraStopped>(Assert.Single(Registered(running: true).Decide(new StopCamera("door"), Context).Events));
    }

    [Fact]
    public void Removing_forgets_the_camera_and_the_id_can_be_registered_afresh()
    {
        var removed = Registered(running: true).Apply(new CameraRemoved(Now));

        Assert.False(removed.Exists);
        Assert.False(removed.ShouldRun);
        Assert.False(removed.Decide(new RegisterCamera(Spec(), CameraOwner.File, Start: false), Context).IsRejected);
    }

    [Fact]
    public void Analytics_events_count_and_keep_the_line_counts()
    {
        var crossing = new AnalyticsEvent
        {
            Id = Guid.NewGuid(), CameraId = "door", RuleId = "line", RuleName = "line", EventType = AnalyticsEventType.LineCrossed,
            WallTime = Now, StreamTime = TimeSpan.FromSeconds(3), TrackId = 4, Direction = CrossingDirection.In, InCount = 7, OutCount = 2,
        };

        var state = Registered(running: true).Apply(new AnalyticsEventRecorded(crossing)).Apply(new AnalyticsEventRecorded(crossing with { InCount = 8 }));

        Assert.Equal(2, state.EventsTotal);
        Assert.Equal(8, state.Counters[CameraCounters.InKey("line")]);
        Assert.Equal(2, state.Counters[CameraCounters.OutKey("line")]);
        Assert.Equal(8, state.LastEvent!.InCount);
    }

    [Fact]
    public void A_finished_file_camera_stays_finished_across_recovery_until_started_again()
    {
        var finished = Registered(running: true).Apply(new CameraFileCompleted(250, Now));
        Assert.False(finished.ShouldRun);
        Assert.Equal(250, finished.FileCompleted!.Frames);

        var started = finished.Decide(new StartCamera("door"), Context);
        Assert.IsType<CameraStarted>(Assert.Single(started.Events));
        var again = finished.Apply(started.Events[0]);
        Assert.True(again.ShouldRun);
        Assert.Null(again.FileCompleted);
    }
}
