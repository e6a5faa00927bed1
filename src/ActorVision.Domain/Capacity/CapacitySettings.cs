namespace ActorVision.Domain.Capacity;

/// <summary>
/// When a node counts as over capacity, and how its load is measured (<c>actorvision.capacity</c> in hocon/capacity.conf).
/// </summary>
/// <param name="Cores">Cores the node may use; 0: the cores the process sees.</param>
/// <param name="CpuTarget">Share of <paramref name="Cores"/> the node may use before it is over capacity.</param>
/// <param name="MaxDroppedShare">Share of the frames due for analysis that may be dropped.</param>
/// <param name="MaxDeviceBusyShare">Share of the time a device's workers may all be busy.</param>
/// <param name="MaxDeviceQueuePerWorker">Live requests that may wait per loaded worker, on average.</param>
/// <param name="Window">How far back rates and shares look (exponential smoothing).</param>
/// <param name="NodeOverheadCores">CPU the node uses without cameras (cluster, API); not charged to cameras.</param>
/// <param name="MinDueFramesPerSecond">Below this many frames due per second the dropped share is too noisy to judge.</param>
public sealed record CapacitySettings(
    double Cores,
    double CpuTarget,
    double MaxDroppedShare,
    double MaxDeviceBusyShare,
    double MaxDeviceQueuePerWorker,
    TimeSpan Window,
    double NodeOverheadCores,
    double MinDueFramesPerSecond)
{
    public static CapacitySettings Default { get; } = new(0, 0.8, 0.05, 0.9, 4, TimeSpan.FromSeconds(10), 0.05, 2);

    /// <summary>Every problem with these values, for a configuration error that names them all.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Cores < 0) problems.Add("cores must be 0 (the cores the process sees) or positive");
        if (CpuTarget is <= 0 or > 1) problems.Add("cpu-target must be in (0, 1]");
        if (MaxDroppedShare is < 0 or > 1) problems.Add("max-dropped-share must be in [0, 1]");
        if (MaxDeviceBusyShare is <= 0 or > 1) problems.Add("max-device-busy-share must be in (0, 1]");
        if (MaxDeviceQueuePerWorker < 0) problems.Add("max-device-queue-per-worker must not be negative");
        if (Window <= TimeSpan.Zero) problems.Add("window must be positive");
        if (NodeOverheadCores < 0) problems.Add("node-overhead-cores must not be negative");
        return problems;
    }
}
