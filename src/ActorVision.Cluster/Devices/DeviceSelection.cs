namespace ActorVision.Cluster.Devices;

/// <summary>Picks where a camera's next requests go among the local devices' routers.</summary>
public static class DeviceSelection
{
    /// <summary>
    /// The device with the least work pending per loaded worker (a device with no loaded worker only when all are
    /// like that); ties go to the lower recent median latency, then to the earlier device in the list.
    /// </summary>
    public static DeviceLoad LeastLoaded(IReadOnlyList<DeviceLoad> loads)
    {
        if (loads.Count == 0) throw new ArgumentException("no device loads to choose from", nameof(loads));
        DeviceLoad? best = null;
        foreach (var load in loads)
        {
            if (best is null || Compare(load, best) < 0) best = load;
        }
        return best!;
    }

    private static int Compare(DeviceLoad a, DeviceLoad b)
    {
        var serving = (b.Workers > 0).CompareTo(a.Workers > 0);
        if (serving != 0) return serving;
        var pending = PerWorker(a).CompareTo(PerWorker(b));
        return pending != 0 ? pending : a.LatencyP50.CompareTo(b.LatencyP50);
    }

    private static double PerWorker(DeviceLoad load) => (double)load.Pending / Math.Max(1, load.Workers);
}
