using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Tests.Support;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// A camera pipeline under a probe standing where its entity would be (it answers the pipeline's events like the
/// entity does), with real sources (FFmpeg on files, a closed port), the motion detector, and the node's devices.
/// </summary>
public sealed class CameraPipelineTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly CameraFixtures _fixtures = new();

    /// <summary>A probe in the entity's place that records every event it is asked to persist as persisted.</summary>
    private TestProbe Entity()
    {
        var entity = CreateTestProbe();
        entity.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is RecordAnalyticsEvents record) sender.Tell(new AnalyticsEventsRecorded(record.Events.Count, record.CorrelationId));
            return AutoPilot.KeepRunning;
        }));
        return entity;
    }

    private IActorRef Pipeline(TestProbe entity, CameraSpec spec, IActorRef? devices = null) =>
        entity.ChildActorOf(CameraPipeline.Props(spec, ImmutableSortedDictionary<string, long>.Empty, _fixtures.Pipelines(devices ?? NoDevices)));

    private static PipelineStateChanged NextState(TestProbe entity) =>
        entity.FishForMessage<PipelineStateChanged>(_ => true, Wait);

    [Fact]
    public void A_file_camera_runs_its_file_to_the_end_persists_what_it_finds_and_stops()
    {
        var entity = Entity();
        var pipeline = Pipeline(entity, CameraFixtures.Crossing("crossing"));
        Watch(pipeline);

        Assert.Equal(CameraRunState.Starting, NextState(entity).State);
        Assert.Equal(CameraRunState.Running, NextState(entity).State);
        var crossing = entity.FishForMessage<RecordAnalyticsEvents>(_ => true, Wait);
        Assert.Equal("middle", crossing.Events[0].RuleId);
        var completed = NextState(entity);
        Assert.Equal(CameraRunState.Completed, completed.State);
        Assert.Equal("reached the end of the file after 150 frames", completed.Reason);
        ExpectTerminated(pipeline, Wait);
    }

    [Fact]
    public void Rules_sent_while_the_pipeline_waits_for_its_devices_are_applied_once_it_runs()
    {
        var entity = Entity();
        var devices = CreateTestProbe();
        var rules = CameraFixtures.Crossing("late").Rules;
        var pipeline = Pipeline(entity, CameraFixtures.Crossing("late") with { Rules = [] }, devices.Ref);
        devices.ExpectMsg<GetLocalDevices>(Wait);

        entity.Send(pipeline, new ApplyRules(rules));
        devices.Reply(LocalDevices.None);

        Assert.Equal("middle", entity.FishForMessage<RecordAnalyticsEvents>(_ => true, Wait).Events[0].RuleId);
    }

    [Fact]
    public void A_camera_whose_model_needs_a_device_this_node_lacks_fails_with_the_reason()
    {
        var entity = Entity();
        var pipeline = Pipeline(entity, CameraFixtures.Crossing("faces") with { Models = ["face-front"] });
        Watch(pipeline);

        var failed = entity.FishForMessage<PipelineStateChanged>(m => m.State == CameraRunState.Failed, Wait);

        Assert.Equal("no inference device on this node (does it have the inference role?)", failed.Reason);
        ExpectTerminated(pipeline, Wait);
    }

    [Fact]
    public void A_live_camera_on_a_closed_port_keeps_reconnecting_with_the_reason_until_it_is_stopped()
    {
        var entity = Entity();
        var spec = new CameraSpec { Id = "nobody", SourceUrl = $"rtsp://127.0.0.1:{TestPorts.Next()}/cam", Models = ["motion"] };
        var pipeline = Pipeline(entity, spec);
        Watch(pipeline);

        var reconnecting = entity.FishForMessage<PipelineStateChanged>(m => m.State == CameraRunState.Reconnecting, Wait);
        Assert.StartsWith("connection refused", reconnecting.Reason);
        // It keeps trying (the source restarts with backoff) and keeps reporting.
        entity.FishForMessage<PipelineStatisticsReported>(_ => true, Wait);
        entity.FishForMessage<PipelineStatisticsReported>(_ => true, Wait);

        Sys.Stop(pipeline);
        ExpectTerminated(pipeline, Wait);
    }

    [Fact]
    public void A_live_source_that_is_not_a_video_fails_the_pipeline_rather_than_reconnecting()
    {
        var entity = Entity();
        var pipeline = Pipeline(entity, new CameraSpec { Id = "notes", SourceUrl = _fixtures.NotAVideo(), Models = ["motion"] });
        Watch(pipeline);

        var failed = entity.FishForMessage<PipelineStateChanged>(m => m.State is CameraRunState.Failed or CameraRunState.Reconnecting, Wait);

        Assert.Equal(CameraRunState.Failed, failed.State);
        Assert.Contains("video", failed.Reason);
        ExpectTerminated(pipeline, Wait);
    }

    [Fact]
    public void A_viewer_gets_annotated_pictures_of_the_running_camera_in_order()
    {
        var entity = Entity();
        var pipeline = Pipeline(entity, CameraFixtures.Crossing("watched") with { Loop = true });
        entity.FishForMessage<PipelineStateChanged>(m => m.State == CameraRunState.Running, Wait);
        var viewer = CreateTestProbe();

        entity.Send(pipeline, new WatchLiveView("watched", viewer.Ref, MaxFps: 10, Lease: TimeSpan.FromSeconds(30)));

        var first = viewer.ExpectMsg<LiveViewFrame>(Wait);
        var second = viewer.ExpectMsg<LiveViewFrame>(Wait);
        Assert.Equal("watched", first.CameraId);
        Assert.True(second.Sequence > first.Sequence);
        Assert.Equal([0xFF, 0xD8], first.Jpeg[..2]);
        Watch(pipeline);
        Sys.Stop(pipeline);
        ExpectTerminated(pipeline, Wait);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _fixtures.Dispose();
    }
}
