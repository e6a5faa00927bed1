using Akka.Actor;
using ActorVision.Cluster.Devices;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The router a camera sends its frames to now. A camera asking for <c>auto</c> follows the least-loaded local
/// device, re-chosen every status interval from the routers' reported loads; a camera naming a device stays on it.
/// Read on the frame path without locks.
/// </summary>
public sealed class DeviceChoice
{
    private readonly LocalDevices _devices;
    private readonly string _preference;
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

    public IReadOnlyList<LocalDevice> Candidates => _devices.Devices;

    public string Describe() => _current is { } d ? d.Name
        : _devices.Devices.Count == 0 ? "no inference device on this node (does it have the inference role?)"
        : $"device '{_preference}' is not on this node (it has {string.Join(", ", _devices.Devices.Select(d => d.Name))})";

    /// <summary>Switches to the least-loaded device given fresh loads of every candidate.</summary>
    public void Choose(IReadOnlyList<DeviceLoad> loads)
    {
        if (!FollowsLoad || loads.Count == 0) return;
        var best = DeviceSelection.LeastLoaded(loads);
        if (_devices.Find(best.Device) is { } device) _current = device;
    }
}
