using ActorVision.Cluster.Devices;

namespace ActorVision.Cluster.Tests.Devices;

public sealed class DeviceSelectionTests
{
    private static DeviceLoad Load(string device, int pending, int workers, int latencyMs = 10) =>
        new(device, [device], pending, 0, 0, workers, 0, 1, TimeSpan.Zero, TimeSpan.FromMilliseconds(latencyMs), TimeSpan.FromMilliseconds(2 * latencyMs), 0, 0, 0);

    [Fact]
    public void Picks_the_least_pending_work_per_worker()
    {
        var loads = new[] { Load("cpu", 4, 2), Load("cuda:0", 6, 4), Load("cuda:1", 9, 4) };
        Assert.Equal("cuda:0", DeviceSelection.LeastLoaded(loads).Device);
    }

    [Fact]
    public void A_device_without_a_loaded_worker_loses_even_when_idle()
    {
        var loads = new[] { Load("cuda:0", 0, 0), Load("cpu", 20, 1) };
        Assert.Equal("cpu", DeviceSelection.LeastLoaded(loads).Device);
    }

    [Fact]
    public void Ties_go_to_the_lower_recent_latency()
    {
        var loads = new[] { Load("cuda:0", 2, 1, latencyMs: 30), Load("cuda:1", 2, 1, latencyMs: 12) };
        Assert.Equal("cuda:1", DeviceSelection.LeastLoaded(loads).Device);
    }
}
