namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// This node's device routers once they have started: filled by the hosting setup, read by camera pipelines and the
/// Models API. Empty on nodes without the <c>inference</c> role.
/// </summary>
public sealed class DeviceDirectory
{
    private volatile LocalDevices _devices = LocalDevices.None;

    public LocalDevices Devices
    {
        get => _devices;
        set => _devices = value;
    }
}
