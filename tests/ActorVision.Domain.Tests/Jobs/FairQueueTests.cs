using ActorVision.Domain.Jobs;

namespace ActorVision.Domain.Tests.Jobs;

public class FairQueueTests
{
    [Fact]
    public void Submitters_take_turns_and_each_keeps_its_order()
    {
        var queue = new FairQueue<string>();
        foreach (var job in new[] { "a1", "a2", "a3", "a4" }) queue.Enqueue("ana", job);
        queue.Enqueue("bob", "b1");
        queue.Enqueue("bob", "b2");
        queue.Enqueue("cy", "c1");

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3", "a4"], queue.InServiceOrder());
        var served = new List<string>();
        while (queue.TryDequeue(out var job)) served.Add(job);
        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3", "a4"], served);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_submitter_arriving_later_gets_the_next_turn_after_those_already_waiting()
    {
        var queue = new FairQueue<string>();
        queue.Enqueue("ana", "a1");
        queue.Enqueue("ana", "a2");
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal("a1", first);
        queue.Enqueue("bob", "b1");
        Assert.Equal(["a2", "b1"], queue.InServiceOrder());
    }

    [Fact]
    public void Removed_items_leave_the_rotation()
    {
        var queue = new FairQueue<string>();
        queue.Enqueue("ana", "a1");
        queue.Enqueue("bob", "b1");
        queue.Enqueue("bob", "b2");
        Assert.Equal(1, queue.RemoveWhere(j => j == "a1"));
        Assert.Equal(2, queue.Count);
        Assert.Equal(["b1", "b2"], queue.InServiceOrder());
    }
}
