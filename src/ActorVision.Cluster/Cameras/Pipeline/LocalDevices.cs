using Akka.Actor;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>The device routers of this node, by device name (<c>cpu</c>, <c>cuda:0</c>, ...), in configuration order.</summary>
public sealed record LocalDevices(IReadOnlyList<LocalDevice> Devices)
{
    public static LocalDevices None { get; } = new([]);

    public LocalDevice? Find(string device) => Devices.FirstOrDefault(d => d.Name == device);
}

public sealed record LocalDevice(string Name, IActorRef Router);
