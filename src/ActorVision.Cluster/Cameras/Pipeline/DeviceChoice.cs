using ActorVision.Cluster.Devices;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The router a camera sends its frames to now. A camera asking for <c>auto</c> follows the least-loaded local
/// device, re-chosen as the routers publish their loads; a camera naming a device stays on it. Loads are observed on
/// the pipeline's thread; <see cref="Current"/> is read on the frame path without locks.
/// </summary>
public sealed class DeviceChoice
{
    private readonly LocalDevices _devices;
    private readonly string _preference;
    private readonly Dictionary<string, DeviceLoad> _loads = new(StringComparer.Ordinal);
    private volatile LocalDevice? _current;

    public DeviceChoice(LocalDevices devices, string preference)
    {
        _devices = devices;
        _preference = preference;
        _current = preference == "auto" ? devices.Devices.FirstOrDefault() : devices.Find(preference);
    }

    /// <summary>The device in use, or null when this node has none that fits (the camera fails with that reason).</summary>
    public LocalDevice? Current => _current;

    public bool FollowsLoad => _preference == "auto" && _devices.Devices.Count > 1;

    public string Describe() => _current is { } d ? d.Name
        : _devices.Devices.Count == 0 ? "no inference device on this node (does it have the inference role?)"
        : $"device '{_preference}' is not on this node (it has {string.Join(", ", _devices.Devices.Select(d => d.Name))})";

    /// <summary>A router published its load: switch to the least-loaded device among the latest loads.</summary>
    public void Observe(DeviceLoad load)
    {
        if (!FollowsLoad || _devices.Find(load.Device) is null) return;
        _loads[load.Device] = load;
        var best = DeviceSelection.LeastLoaded(_loads.Values.ToArray());
        if (_devices.Find(best.Device) is { } device) _current = device;
    }
}
