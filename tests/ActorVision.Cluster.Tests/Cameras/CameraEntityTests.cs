using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Akka.TestKit;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Tests.Support;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Rules;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// The camera entity with an in-memory journal, probes in the places of its shard and its listeners, and real
/// pipelines (FFmpeg, the motion detector) where it runs one.
/// </summary>
public sealed class CameraEntityTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly CameraFixtures _fixtures = new();

    private static CameraSpec Parked(string id) => CameraFixtures.Crossing(id);

    private IActorRef Entity(string id, CameraEntityDependencies? dependencies = null, TestProbe? shard = null) =>
        shard is null
            ? Sys.ActorOf(CameraEntity.Props(id, dependencies ?? _fixtures.Entities(NoDevices)))
            : shard.ChildActorOf(CameraEntity.Props(id, dependencies ?? _fixtures.Entities(NoDevices)));

    private void StopAndWait(IActorRef entity)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity, Wait);
    }

    [Fact]
    public void A_registration_is_answered_once_persisted_and_a_new_incarnation_recovers_it()
    {
        var entity = Entity("door");
        entity.Tell(new RegisterCamera(Parked("door"), CameraOwner.Api, Start: false));
        var accepted = ExpectMsg<CameraAccepted>(Wait);
        Assert.Equal("door", accepted.Camera.Spec.Id);
        Assert.Equal(CameraRunState.Stopped, accepted.Camera.Status.State);

        StopAndWait(entity);
        var again = Entity("door");
        again.Tell(new GetCamera("door"));
        var view = ExpectMsg<CameraView>(Wait);
        Assert.True(CameraSpecComparer.Instance.Equals(Parked("door"), view.Spec));
        Assert.Equal(CameraOwner.Api, view.Owner);
    }

    [Fact]
    public void A_query_about_a_camera_that_does_not_exist_is_answered_NotFound_and_the_entity_passivates()
    {
        var shard = CreateTestProbe();
        var entity = Entity("ghost", shard: shard);

        entity.Tell(new GetCamera("ghost"));

        Assert.Equal(RejectionKind.NotFound, ExpectMsg<CameraRejected>(Wait).Kind);
        var passivate = shard.ExpectMsg<Passivate>(Wait);
        Watch(entity);
        entity.Tell(passivate.StopMessage, shard.Ref);
        ExpectTerminated(entity, Wait);
    }

    [Fact]
    public void A_command_from_the_other_door_or_with_an_invalid_spec_is_rejected_and_changes_nothing()
    {
        var entity = Entity("lobby");
        entity.Tell(new RegisterCamera(Parked("lobby"), CameraOwner.File, Start: false));
        ExpectMsg<CameraAccepted>(Wait);

        entity.Tell(new RemoveCamera("lobby", CameraOwner.Api));
        var elsewhere = ExpectMsg<CameraRejected>(Wait);
        Assert.Equal(RejectionKind.ManagedElsewhere, elsewhere.Kind);
        Assert.Contains("camera file", elsewhere.Reason);

        entity.Tell(new UpdateCamera(Parked("lobby") with { AnalysisFps = -1 }, CameraOwner.File));
        var invalid = ExpectMsg<CameraRejected>(Wait);
        Assert.Equal(RejectionKind.Invalid, invalid.Kind);
        Assert.Contains(invalid.Errors, e => e.Path == "analysisFps");

        entity.Tell(new GetCamera("lobby"));
        Assert.Equal(5, ExpectMsg<CameraView>(Wait).Spec.AnalysisFps);
    }

    [Fact]
    public void Recorded_analytics_events_are_answered_once_persisted_published_and_counted_after_a_restart()
    {
        var events = Subscribe(CameraEntity.EventsTopic);
        var entity = Entity("gate");
        entity.Tell(new RegisterCamera(Parked("gate"), CameraOwner.Api, Start: false));
        ExpectMsg<CameraAccepted>(Wait);

        // The test plays the pipeline: two events of one frame.
        entity.Tell(new RecordAnalyticsEvents([Crossed("gate", 1, CrossingDirection.In, 1, 0), Crossed("gate", 2, CrossingDirection.Out, 1, 1)]));

        Assert.Equal(2, ExpectMsg<AnalyticsEventsRecorded>(Wait).Count);
        Assert.Equal([1L, 2L], [events.ExpectMsg<AnalyticsEvent>(Wait).TrackId!.Value, events.ExpectMsg<AnalyticsEvent>(Wait).TrackId!.Value]);
        StopAndWait(entity);

        var again = Entity("gate");
        again.Tell(new GetCamera("gate"));
        var status = ExpectMsg<CameraView>(Wait).Status;
        Assert.Equal(2, status.EventsTotal);
        Assert.Equal(2, status.LastEvent!.TrackId);
        Assert.Equal(1, status.Counters["middle.in"]);
        Assert.Equal(1, status.Counters["middle.out"]);
    }

    [Fact]
    public async Task Every_nth_event_is_snapshotted_and_only_the_newest_snapshot_is_kept()
    {
        var entity = Entity("porch", _fixtures.Entities(NoDevices, snapshotEvery: 2));
        entity.Tell(new RegisterCamera(Parked("porch"), CameraOwner.Api, Start: false));
        ExpectMsg<CameraAccepted>(Wait);
        for (var track = 1; track <= 3; track++)
        {
            entity.Tell(new RecordAnalyticsEvents([Crossed("porch", track, CrossingDirection.In)]));
            ExpectMsg<AnalyticsEventsRecorded>(Wait);
        }

        // Events 2 and 4 were snapshotted; the one at 2 goes once the one at 4 is saved.
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(4, LoadSnapshot("camera-porch", long.MaxValue)!.Metadata.SequenceNr);
            Assert.Null(LoadSnapshot("camera-porch", 3));
        }, Wait);
        StopAndWait(entity);
        var again = Entity("porch");
        again.Tell(new GetCamera("porch"));
        Assert.Equal(3, ExpectMsg<CameraView>(Wait).Status.EventsTotal);
    }

    [Fact]
    public async Task Events_a_snapshot_covers_stay_in_the_journal_unless_deletion_is_turned_on()
    {
        foreach (var delete in new[] { false, true })
        {
            var id = delete ? "deleting" : "keeping";
            var entity = Entity(id, _fixtures.Entities(NoDevices, snapshotEvery: 2, deleteCoveredEvents: delete));
            entity.Tell(new RegisterCamera(Parked(id), CameraOwner.Api, Start: false));
            ExpectMsg<CameraAccepted>(Wait);
            entity.Tell(new RecordAnalyticsEvents([Crossed(id, 1, CrossingDirection.In), Crossed(id, 2, CrossingDirection.In)]));
            ExpectMsg<AnalyticsEventsRecorded>(Wait);

            // Three events: the snapshot at 2 covers the first two.
            await AwaitAssertAsync(() => Assert.Equal(delete ? [3L] : [1L, 2L, 3L], Replay(CameraEntity.PersistenceIdFor(id))), Wait);
            StopAndWait(entity);
            var again = Entity(id);
            again.Tell(new GetCamera(id));
            Assert.Equal(2, ExpectMsg<CameraView>(Wait).Status.EventsTotal);
        }
    }

    [Fact]
    public void A_file_camera_persists_what_its_pipeline_finds_and_stays_completed_after_a_restart()
    {
        var statuses = Subscribe(CameraStatusPublisher.Topic);
        var entity = Entity("crossing");
        entity.Tell(new RegisterCamera(CameraFixtures.Crossing("crossing"), CameraOwner.Api, Start: true));
        Assert.Equal(CameraRunState.Starting, ExpectMsg<CameraAccepted>(Wait).Camera.Status.State);

        var completed = WaitForStatus(statuses, "crossing", s => s.State == CameraRunState.Completed);
        // Without a video output the decoder delivers only the frames analysis samples: 5 of 25 per second.
        Assert.Equal("reached the end of the file after 150 frames", completed.Reason);
        entity.Tell(new GetCamera("crossing"));
        var view = ExpectMsg<CameraView>(Wait);
        // The box crosses the middle line every 5 s of the 30 s clip.
        Assert.True(view.Status.EventsTotal >= 5, $"{view.Status.EventsTotal} events");
        StopAndWait(entity);

        var again = Entity("crossing");
        var recovered = WaitForStatus(statuses, "crossing", _ => true);
        Assert.Equal(CameraRunState.Completed, recovered.State);
        Assert.Equal(view.Status.EventsTotal, recovered.EventsTotal);
        again.Tell(new GetCamera("crossing"));
        Assert.Equal(0, ExpectMsg<CameraView>(Wait).Status.Statistics.FramesIn); // no pipeline ran again
    }

    [Fact]
    public void A_file_camera_whose_file_is_not_a_video_fails_with_the_reason_and_is_not_tried_again()
    {
        var statuses = Subscribe(CameraStatusPublisher.Topic);
        var entity = Entity("notes");
        entity.Tell(new RegisterCamera(CameraFixtures.Crossing("notes") with { SourceUrl = _fixtures.NotAVideo() }, CameraOwner.Api, Start: true));
        ExpectMsg<CameraAccepted>(Wait);

        var failed = WaitForStatus(statuses, "notes", s => s.State == CameraRunState.Failed);
        Assert.Contains("video", failed.Reason);
        // Failed is published by the pipeline, then again once it has stopped: neither plans another attempt.
        var stopped = WaitForStatus(statuses, "notes", s => s.State == CameraRunState.Failed);
        Assert.Null(failed.NextAttempt);
        Assert.Null(stopped.NextAttempt);
        entity.Tell(new GetCamera("notes"));
        Assert.Null(ExpectMsg<CameraView>(Wait).Status.NextAttempt);
    }

    [Fact]
    public void A_live_camera_that_fails_tries_again_after_a_wait_that_doubles_and_says_when()
    {
        var statuses = Subscribe(CameraStatusPublisher.Topic);
        var entity = Entity("broken");
        var spec = CameraFixtures.Crossing("broken", SourceMode.Live) with { SourceUrl = _fixtures.NotAVideo() };
        entity.Tell(new RegisterCamera(spec, CameraOwner.Api, Start: true));
        ExpectMsg<CameraAccepted>(Wait);

        // Settings: restarts after 200 ms, then 400 ms, no spread.
        var first = WaitForStatus(statuses, "broken", s => s is { State: CameraRunState.Failed, NextAttempt: not null });
        Assert.Contains("video", first.Reason);
        AssertWait(TimeSpan.FromMilliseconds(200), first);
        WaitForStatus(statuses, "broken", s => s.State == CameraRunState.Starting);
        var second = WaitForStatus(statuses, "broken", s => s is { State: CameraRunState.Failed, NextAttempt: not null });
        AssertWait(TimeSpan.FromMilliseconds(400), second);

        entity.Tell(new StopCamera("broken"));
        var stopped = ExpectMsg<CameraAccepted>(Wait).Camera.Status;
        Assert.Equal(CameraRunState.Stopped, stopped.State);
        Assert.Null(stopped.NextAttempt);
        // Stopped means stopped: the planned attempt does not happen.
        statuses.FishForMessage<CameraStatusUpdate>(m => m.CameraId == "broken" && m.Status.State == CameraRunState.Stopped, Wait);
        statuses.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_journal_that_fails_a_write_stops_the_camera_and_the_next_incarnation_recovers_what_was_stored()
    {
        var entity = Entity("flaky");
        entity.Tell(new RegisterCamera(Parked("flaky"), CameraOwner.Api, Start: false));
        ExpectMsg<CameraAccepted>(Wait);

        await Journal.OnWrite.Fail();
        Watch(entity);
        entity.Tell(new RecordAnalyticsEvents([Crossed("flaky", 1, CrossingDirection.In)]));
        ExpectTerminated(entity, Wait);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no answer for what was not stored

        await Journal.OnWrite.Pass();
        var again = Entity("flaky");
        again.Tell(new GetCamera("flaky"));
        var view = ExpectMsg<CameraView>(Wait);
        Assert.Equal("flaky", view.Spec.Id);
        Assert.Equal(0, view.Status.EventsTotal);
    }

    private static void AssertWait(TimeSpan backoff, CameraStatus failed) => Assert.Equal(backoff, failed.NextAttempt!.Value - failed.Since);

    private static CameraStatus WaitForStatus(TestProbe statuses, string cameraId, Func<CameraStatus, bool> holds) =>
        statuses.FishForMessage<CameraStatusUpdate>(m => m.CameraId == cameraId && holds(m.Status), Wait).Status;

    private SelectedSnapshot? LoadSnapshot(string persistenceId, long maxSequenceNr)
    {
        SnapshotStore.Tell(new LoadSnapshot(persistenceId, new SnapshotSelectionCriteria(maxSequenceNr), long.MaxValue));
        return ExpectMsg<LoadSnapshotResult>(Wait).Snapshot;
    }

    /// <summary>The sequence numbers the journal still holds for <paramref name="persistenceId"/>.</summary>
    private long[] Replay(string persistenceId)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var probe = CreateTestProbe();
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, probe.Ref));
        var sequence = new List<long>();
        probe.FishForMessage(m =>
        {
            if (m is ReplayedMessage replayed) sequence.Add(replayed.Persistent.SequenceNr);
            return m is RecoverySuccess;
        }, Wait);
        return sequence.ToArray();
    }

    /// <summary>A line crossing as the rule engine reports it: with the line's running counts after it.</summary>
    private static AnalyticsEvent Crossed(string camera, long track, CrossingDirection direction, long inCount = 0, long outCount = 0) => new()
    {
        Id = Guid.NewGuid(),
        CameraId = camera,
        RuleId = "middle",
        RuleName = "Middle line",
        EventType = AnalyticsEventType.LineCrossed,
        TrackId = track,
        Direction = direction,
        InCount = inCount,
        OutCount = outCount,
        WallTime = DateTime.UtcNow,
        StreamTime = TimeSpan.FromSeconds(track),
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _fixtures.Dispose();
    }
}
