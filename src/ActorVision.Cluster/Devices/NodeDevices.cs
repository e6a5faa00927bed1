using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Inference.Models;
using Akka.Actor;

namespace ActorVision.Cluster.Devices;

/// <summary>
/// This node's inference devices: one <see cref="DeviceRouter"/> child per configured device (<c>cpu</c>,
/// <c>cuda:0</c>, ...), none on a node without the <c>inference</c> role. Registered in the ActorRegistry; camera
/// pipelines, job runners, the node reporter and readiness ask it for the routers (<see cref="GetLocalDevices"/>).
/// The routers publish their load on the event stream themselves.
/// </summary>
public sealed class NodeDevices : ReceiveActor
{
    public const string Name = "devices";

    public NodeDevices(InferenceSettings? settings, ModelCatalog catalog)
    {
        var models = catalog.Models.Values.ToArray();
        var devices = settings is null
            ? LocalDevices.None
            : new LocalDevices(settings.Devices
                .Select(d => new LocalDevice(d.ToString(), Context.ActorOf(DeviceRouter.Props(d, models, settings), RouterName(d))))
                .ToArray());
        Receive<GetLocalDevices>(_ => Sender.Tell(devices));
    }

    /// <param name="settings">The devices and their routers' settings; null on a node without the inference role.</param>
    public static Props Props(InferenceSettings? settings, ModelCatalog catalog) =>
        Akka.Actor.Props.Create(() => new NodeDevices(settings, catalog));

    /// <summary>Actor name of a device's router: <c>device-cpu</c>, <c>device-cuda-0</c>.</summary>
    public static string RouterName(ExecutionProvider device) => "device-" + device.ToString().Replace(':', '-');
}

/// <summary>Asks <see cref="NodeDevices"/> for this node's routers; answered with <see cref="LocalDevices"/>.</summary>
public sealed record GetLocalDevices
{
    public static GetLocalDevices Instance { get; } = new();
}
