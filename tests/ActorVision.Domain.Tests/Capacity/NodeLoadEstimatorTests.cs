using ActorVision.Core.Cameras;
using ActorVision.Domain.Capacity;
using static ActorVision.Domain.Tests.Capacity.CapacityFixtures;

namespace ActorVision.Domain.Tests.Capacity;

public class NodeLoadEstimatorTests
{
    private static readonly DateTime T0 = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CapacitySettings Settings = CapacitySettings.Default with { Cores = 2, CpuTarget = 0.8, NodeOverheadCores = 0.05 };

    private static NodeLoadEstimator Estimator(IReadOnlyDictionary<string, string>? shards = null) =>
        new("node-a", Settings, Costs, id => shards?.GetValueOrDefault(id) ?? "shard-" + id, processorCount: 16);

    [Fact]
    public void Measured_cpu_is_shared_out_to_the_cameras_in_proportion_to_their_declared_cost()
    {
        var estimator = Estimator();
        var big = Camera("big", 1920, 1080);
        var small = Camera("small", 640, 360);
        estimator.Record(new CameraUsage(big, true, 0, 0));
        estimator.Record(new CameraUsage(small, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(big, true, 10, 0));
        estimator.Record(new CameraUsage(small, true, 10, 0));

        var estimate = estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(1.1));

        Assert.Equal(0.55, estimate.Capacity.UsedCores, 6);
        var bigLoad = estimate.Cameras.Single(c => c.CameraId == "big");
        var smallLoad = estimate.Cameras.Single(c => c.CameraId == "small");
        Assert.Equal(5, bigLoad.AnalysedFps, 6);
        Assert.Equal(0.55 - 0.05, bigLoad.MeasuredCores + smallLoad.MeasuredCores, 6);
        Assert.Equal(Costs.CoresAt(big, 5) / Costs.CoresAt(small, 5), bigLoad.MeasuredCores / smallLoad.MeasuredCores, 6);
        Assert.Equal(0.5 / (Costs.CoresAt(big, 5) + Costs.CoresAt(small, 5)), estimate.Capacity.CoresPerDeclared, 6);
        Assert.False(estimate.Capacity.OverCapacity);
        Assert.Equal(1.6 - 0.55, estimate.Capacity.HeadroomCores, 6);
    }

    [Fact]
    public void A_camera_analysing_below_its_rate_demands_what_it_would_cost_at_its_rate()
    {
        var estimator = Estimator();
        var camera = Camera("slow", 1920, 1080, fps: 10);
        estimator.Record(new CameraUsage(camera, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(camera, true, 10, 10));

        var load = estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(0.6)).Cameras.Single();

        Assert.Equal(5, load.AnalysedFps, 6);
        Assert.Equal(5, load.DroppedFps, 6);
        Assert.True(load.DemandCores > load.MeasuredCores * 1.8, $"demand {load.DemandCores} vs measured {load.MeasuredCores}");
    }

    [Fact]
    public void A_node_using_more_cpu_than_its_target_is_over_capacity_with_the_numbers()
    {
        var estimator = Estimator();
        estimator.Estimate(T0, TimeSpan.Zero);

        var capacity = estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(3.6)).Capacity;

        Assert.True(capacity.OverCapacity);
        var problem = Assert.Single(capacity.Problems);
        Assert.Equal(CapacityProblemKind.Cpu, problem.Kind);
        Assert.Equal("CPU 1.80 of 1.60 cores (80% of 2)", problem.Text);
        Assert.Equal(-0.2, capacity.HeadroomCores, 6);
        Assert.Equal(0, capacity.AvailableCores);
    }

    [Fact]
    public void Live_cameras_dropping_more_than_the_allowed_share_of_due_frames_put_the_node_over_capacity()
    {
        var estimator = Estimator();
        var camera = Camera("door");
        estimator.Record(new CameraUsage(camera, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(camera, true, 10, 2));

        var capacity = estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(0.2)).Capacity;

        var problem = Assert.Single(capacity.Problems);
        Assert.Equal(CapacityProblemKind.Drops, problem.Kind);
        Assert.Equal("17% of frames due for analysis dropped (limit 5%)", problem.Text);
        Assert.Equal(2.0 / 12, capacity.DroppedShare, 6);
    }

    [Fact]
    public void A_trickle_of_due_frames_is_too_little_to_judge_drops_by()
    {
        var estimator = Estimator();
        var camera = Camera("quiet", fps: 0.5);
        estimator.Record(new CameraUsage(camera, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(camera, true, 1, 1));

        var capacity = estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(0.2)).Capacity;

        Assert.False(capacity.OverCapacity);
        Assert.Equal(0, capacity.DroppedShare);
    }

    [Fact]
    public void A_device_whose_workers_are_always_busy_or_whose_queue_is_long_puts_the_node_over_capacity()
    {
        var estimator = Estimator();
        estimator.Record(new DeviceUsage("cpu", 2, 2, 20));
        estimator.Record(new DeviceUsage("cpu", 2, 2, 20));
        estimator.Record(new DeviceUsage("cuda:0", 1, 0, 0));

        var capacity = estimator.Estimate(T0, TimeSpan.Zero).Capacity;

        Assert.Equal([CapacityProblemKind.DeviceBusy, CapacityProblemKind.DeviceQueue], capacity.Problems.Select(p => p.Kind));
        Assert.Equal("device cpu busy 100% of the time (limit 90%)", capacity.Problems[0].Text);
        Assert.Equal("device cpu: 10 live requests waiting per worker (limit 4)", capacity.Problems[1].Text);
        Assert.Equal(1, capacity.DeviceBusyShare);
    }

    [Fact]
    public void Shards_carry_their_cameras_costs_and_a_stopped_camera_keeps_its_shard_listed_at_no_cost()
    {
        var estimator = Estimator(new Dictionary<string, string> { ["a"] = "7", ["b"] = "7", ["c"] = "9" });
        estimator.Record(new CameraUsage(Camera("a"), true, 0, 0));
        estimator.Record(new CameraUsage(Camera("b", 1920, 1080), true, 0, 0));
        estimator.Record(new CameraUsage(Camera("c"), false, 0, 0));

        var capacity = estimator.Estimate(T0, TimeSpan.Zero).Capacity;

        Assert.Equal(2, capacity.Cameras);
        Assert.Equal(["7", "9"], capacity.Shards.Select(s => s.ShardId));
        Assert.Equal(2, capacity.Shards[0].Cameras);
        Assert.Equal(Costs.CoresAt(Camera("a"), 5) + Costs.CoresAt(Camera("b", 1920, 1080), 5), capacity.Shards[0].DeclaredCores, 9);
        Assert.Equal(0, capacity.Shards[1].DeclaredCores);

        estimator.Forget("c");
        Assert.Equal(["7"], estimator.Estimate(T0.AddSeconds(2), TimeSpan.Zero).Capacity.Shards.Select(s => s.ShardId));
    }

    [Fact]
    public void A_restarted_pipeline_counts_from_zero_instead_of_giving_a_negative_rate()
    {
        var estimator = Estimator();
        var camera = Camera("door");
        estimator.Record(new CameraUsage(camera, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(camera, true, 100, 0));
        estimator.Estimate(T0.AddSeconds(20), TimeSpan.Zero);
        estimator.Record(new CameraUsage(camera, true, 10, 0));

        var load = estimator.Estimate(T0.AddSeconds(22), TimeSpan.Zero).Cameras.Single();

        Assert.True(load.AnalysedFps > 4.9, $"{load.AnalysedFps} fps");
    }

    [Fact]
    public void A_camera_first_seen_between_estimates_is_not_charged_for_frames_counted_before_it_was_seen()
    {
        var estimator = Estimator();
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(Camera("late"), true, 500, 0));

        var first = estimator.Estimate(T0.AddSeconds(2), TimeSpan.Zero).Cameras.Single();
        estimator.Record(new CameraUsage(Camera("late"), true, 510, 0));
        var second = estimator.Estimate(T0.AddSeconds(4), TimeSpan.Zero).Cameras.Single();

        Assert.Equal(0, first.AnalysedFps);
        Assert.Equal(5, second.AnalysedFps, 6);
    }

    [Fact]
    public void Rates_move_towards_a_new_level_over_the_window_rather_than_jumping_to_it()
    {
        var estimator = Estimator();
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(0.4));

        var after = estimator.Estimate(T0.AddSeconds(4), TimeSpan.FromSeconds(0.4 + 2.4)).Capacity;

        Assert.InRange(after.UsedCores, 0.2, 1.2);
        Assert.Equal(0.2 + (1 - Math.Exp(-0.2)) * 1.0, after.UsedCores, 6);
    }

    [Fact]
    public void With_little_declared_cpu_running_the_node_keeps_declared_costs_as_they_are()
    {
        var estimator = Estimator();
        var camera = Camera("one", 320, 180);
        estimator.Record(new CameraUsage(camera, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(camera, true, 10, 0));

        var estimate = estimator.Estimate(T0.AddSeconds(2), TimeSpan.FromSeconds(1));

        Assert.Equal(1, estimate.Capacity.CoresPerDeclared);
        Assert.Equal(Costs.CoresAt(camera, 5), estimate.Cameras.Single().MeasuredCores, 9);
    }

    [Fact]
    public void File_cameras_do_not_count_towards_dropped_frames()
    {
        var estimator = Estimator();
        var file = Camera("archive", mode: SourceMode.File);
        estimator.Record(new CameraUsage(file, true, 0, 0));
        estimator.Estimate(T0, TimeSpan.Zero);
        estimator.Record(new CameraUsage(file, true, 10, 10));

        Assert.Equal(0, estimator.Estimate(T0.AddSeconds(2), TimeSpan.Zero).Capacity.DroppedShare);
    }
}
