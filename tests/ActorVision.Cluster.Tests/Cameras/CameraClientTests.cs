using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>The camera client against a probe standing where the shard region would be: it retries what goes unanswered.</summary>
public sealed class CameraClientTests : TestKit
{
    private static readonly CameraClientSettings Settings = new(
        AskTimeout: TimeSpan.FromMilliseconds(300),
        Deadline: TimeSpan.FromSeconds(10),
        MinBackoff: TimeSpan.FromMilliseconds(20),
        MaxBackoff: TimeSpan.FromMilliseconds(50),
        RetryAfter: TimeSpan.FromSeconds(1),
        Parallelism: 4);

    private static readonly CameraSpec Spec = new() { Id = "door", SourceUrl = "rtsp://cam/door", Models = ["motion"] };

    [Fact]
    public async Task An_unanswered_command_is_sent_again_until_the_camera_answers()
    {
        var region = CreateTestProbe();
        // The first attempt is lost (its node is failing over); later ones are answered at once by the probe's
        // autopilot, so the answer never races the test thread against the ask timeout.
        AnswerAfterLosingFirst(region, _ => new CameraAccepted(View()));
        var client = new CameraClient(region.Ref, Settings);

        var view = await client.SendAsync(new StartCamera("door"));

        Assert.Equal("door", view.Spec.Id);
        Assert.True(region.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => m as StartCamera).Count >= 2);
    }

    [Fact]
    public async Task A_rejection_is_not_retried()
    {
        var region = CreateTestProbe();
        var client = new CameraClient(region.Ref, Settings);

        var sending = client.SendAsync(new StopCamera("door"));
        region.ExpectMsg<StopCamera>();
        region.Reply(CameraRejected.NotFound("door"));

        var error = await Assert.ThrowsAsync<CameraRejectedException>(() => sending);
        Assert.Equal(RejectionKind.NotFound, error.Rejection.Kind);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task Past_the_deadline_the_camera_is_unavailable_with_retry_advice()
    {
        var region = CreateTestProbe();
        var client = new CameraClient(region.Ref, Settings with { Deadline = TimeSpan.FromMilliseconds(700) });

        var error = await Assert.ThrowsAsync<CameraUnavailableException>(() => client.GetAsync("door"));

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Contains("camera 'door'", error.Message);
        // Every attempt reached the region before the client gave up (how many fit in the deadline depends on the machine).
        var asked = region.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => m as GetCamera).Count;
        Assert.Equal(error.Attempts, asked);
        Assert.Contains($"{error.Attempts} attempts", error.Message);
    }

    [Fact]
    public async Task A_removal_answered_NotFound_after_an_unanswered_attempt_succeeded_earlier()
    {
        var region = CreateTestProbe();
        AnswerAfterLosingFirst(region, m => CameraRejected.NotFound(((RemoveCamera)m).CameraId)); // applied, but the answer was lost
        var client = new CameraClient(region.Ref, Settings);

        await client.RemoveAsync(new RemoveCamera("door", CameraOwner.Api));

        // Without an earlier attempt, NotFound means what it says.
        var again = client.RemoveAsync(new RemoveCamera("door", CameraOwner.Api));
        await Assert.ThrowsAsync<CameraRejectedException>(() => again);
    }

    /// <summary>The probe swallows the first message (its answer is lost) and answers every later one with <paramref name="answer"/>.</summary>
    private static void AnswerAfterLosingFirst(TestProbe region, Func<object, object> answer)
    {
        var first = true;
        region.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (first) first = false;
            else sender.Tell(answer(message));
            return AutoPilot.KeepRunning;
        }));
    }

    [Fact]
    public async Task Listing_leaves_out_removed_cameras_and_reports_silent_ones()
    {
        var region = CreateTestProbe();
        var client = new CameraClient(region.Ref, Settings with { Deadline = TimeSpan.FromMilliseconds(700) });
        region.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            switch (message)
            {
                case GetCamera { CameraId: "door" }:
                    sender.Tell(View());
                    break;
                case GetCamera { CameraId: "gone" } get:
                    sender.Tell(CameraRejected.NotFound(get.CameraId));
                    break;
            }
            return AutoPilot.KeepRunning;
        }));

        var lookups = await client.GetManyAsync(["door", "gone", "silent"]);

        Assert.Equal(["door", "silent"], lookups.Select(l => l.CameraId));
        Assert.NotNull(lookups[0].View);
        Assert.Null(lookups[1].View);
        Assert.Contains("did not answer", lookups[1].Problem);
    }

    private static CameraView View() => new(Spec, CameraOwner.Api, new CameraStatus { State = CameraRunState.Running, Node = "akka.tcp://actorvision@127.0.0.1:4053" });
}
