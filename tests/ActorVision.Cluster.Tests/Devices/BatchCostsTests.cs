using ActorVision.Cluster.Devices;

namespace ActorVision.Cluster.Tests.Devices;

public sealed class BatchCostsTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Batching_pays_once_large_batches_are_seen_to_cost_clearly_less_per_frame()
    {
        var costs = new BatchCosts(maxBatch: 8);
        costs.Record(1, Ms(8));
        Assert.False(costs.BatchingPays); // no large batch seen yet

        costs.Record(8, Ms(8 * 4.6)); // BlazeFace back-256 here: 4.6 ms a frame at 8 against ~8 alone
        Assert.True(costs.BatchingPays);
        Assert.Equal((8.0, 4.6), (costs.SingleFrameMs!.Value, Math.Round(costs.LargeBatchMsPerFrame!.Value, 3)));
    }

    [Fact]
    public void Batching_does_not_pay_when_large_batches_cost_about_the_same_per_frame()
    {
        var costs = new BatchCosts(maxBatch: 8);
        costs.Record(1, Ms(13)); // the COCO SSD on one core: 12.9 ms alone, 13.6 ms a frame in eights
        costs.Record(8, Ms(8 * 13.6));

        Assert.False(costs.BatchingPays);
    }

    [Fact]
    public void Once_holding_it_takes_a_clear_change_to_stop()
    {
        var costs = new BatchCosts(maxBatch: 8);
        costs.Record(1, Ms(10));
        costs.Record(8, Ms(8 * 8)); // 20 % cheaper: starts
        Assert.True(costs.BatchingPays);

        costs.Record(8, Ms(8 * 9.8)); // the average moves to 8.18, still more than 5 % cheaper: goes on
        Assert.True(costs.BatchingPays);
        for (var i = 0; i < 30; i++) costs.Record(8, Ms(8 * 10)); // as dear as single frames: stops
        Assert.False(costs.BatchingPays);
        costs.Record(8, Ms(8 * 9.2)); // one cheaper batch moves the average little (9.92): not enough to start again
        Assert.False(costs.BatchingPays);
    }

    [Fact]
    public void Small_batches_teach_nothing_and_the_averages_follow_change_gradually()
    {
        var costs = new BatchCosts(maxBatch: 8);
        costs.Record(2, Ms(2)); // below half of max-batch: neither kind
        costs.Record(3, Ms(3));
        Assert.Null(costs.SingleFrameMs);
        Assert.Null(costs.LargeBatchMsPerFrame);

        costs.Record(1, Ms(10));
        costs.Record(1, Ms(20));
        Assert.Equal(11.0, costs.SingleFrameMs!.Value, 6); // 10 + 0.1 x (20 - 10)
    }

    [Fact]
    public void A_model_that_runs_one_frame_at_a_time_never_holds()
    {
        var costs = new BatchCosts(maxBatch: 1);
        costs.Record(1, Ms(10));
        Assert.False(costs.BatchingPays);
    }
}
