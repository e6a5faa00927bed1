using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Jobs.Scheduling;

namespace ActorVision.Cluster.Tests.Jobs;

public class JobSchedulerTests : TestKit
{
    [Fact]
    public void At_most_the_limit_run_and_free_slots_go_round_robin_between_submitters()
    {
        var scheduler = Sys.ActorOf(JobScheduler.Props(limit: 2));
        var probes = new Dictionary<string, Akka.TestKit.TestProbe>();
        foreach (var (job, submitter) in new[] { ("a1", "ana"), ("a2", "ana"), ("a3", "ana"), ("a4", "ana"), ("b1", "bob"), ("b2", "bob") })
        {
            var probe = CreateTestProbe();
            probes[job] = probe;
            scheduler.Tell(new RequestJobSlot(job, submitter), probe);
        }
        probes["a1"].ExpectMsg<JobSlotGranted>(m => m.JobId == "a1");
        probes["a2"].ExpectMsg<JobSlotGranted>(m => m.JobId == "a2");

        scheduler.Tell(GetJobSlots.Instance);
        var slots = ExpectMsg<JobSlots>();
        Assert.Equal(["a1", "a2"], slots.Running);
        // ana already has two running; bob's first job waits first in line.
        Assert.Equal(["a3", "b1", "a4", "b2"], slots.Waiting);

        scheduler.Tell(new ReleaseJobSlot("a1"), probes["a1"]);
        probes["a3"].ExpectMsg<JobSlotGranted>();
        scheduler.Tell(new ReleaseJobSlot("a2"), probes["a2"]);
        probes["b1"].ExpectMsg<JobSlotGranted>();
        foreach (var waiting in new[] { "a4", "b2" }) probes[waiting].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_slot_held_by_an_entity_that_stopped_is_freed()
    {
        var scheduler = Sys.ActorOf(JobScheduler.Props(limit: 1));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        scheduler.Tell(new RequestJobSlot("j1", "ana"), first);
        first.ExpectMsg<JobSlotGranted>();
        scheduler.Tell(new RequestJobSlot("j2", "bob"), second);
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Sys.Stop(first.Ref);
        second.ExpectMsg<JobSlotGranted>(m => m.JobId == "j2");
    }

    [Fact]
    public void A_repeated_request_is_granted_once_and_a_released_waiter_leaves_the_queue()
    {
        var scheduler = Sys.ActorOf(JobScheduler.Props(limit: 1));
        var holder = CreateTestProbe();
        var waiter = CreateTestProbe();
        scheduler.Tell(new RequestJobSlot("j1", "ana"), holder);
        holder.ExpectMsg<JobSlotGranted>();
        scheduler.Tell(new RequestJobSlot("j1", "ana"), holder);
        holder.ExpectMsg<JobSlotGranted>();

        scheduler.Tell(new RequestJobSlot("j2", "bob"), waiter);
        scheduler.Tell(new ReleaseJobSlot("j2"), waiter); // cancelled while it waited
        scheduler.Tell(GetJobSlots.Instance);
        var slots = ExpectMsg<JobSlots>();
        Assert.Equal(["j1"], slots.Running);
        Assert.Empty(slots.Waiting);
    }
}
