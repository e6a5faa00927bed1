using ActorVision.Inference.Models;
using Akka.Actor;

namespace ActorVision.Cluster.Devices;

/// <summary>Starts this node's device routers and finds the least-loaded one.</summary>
public static class InferenceDevices
{
    /// <summary>Actor name of a device's router: <c>device-cpu</c>, <c>device-cuda-0</c>.</summary>
    public static string RouterName(ExecutionProvider device) => "device-" + device.ToString().Replace(':', '-');

    /// <summary>One <see cref="DeviceRouter"/> per configured device, each serving every ONNX model of the catalog.</summary>
    public static IReadOnlyDictionary<ExecutionProvider, IActorRef> Start(IActorRefFactory system, InferenceSettings settings, ModelCatalog catalog)
    {
        var models = catalog.Models.Values.ToArray();
        return settings.Devices.ToDictionary(d => d, d => system.ActorOf(DeviceRouter.Props(d, models, settings), RouterName(d)));
    }

    /// <summary>Asks every router for its load and returns the least-loaded one (see <see cref="DeviceSelection"/>).</summary>
    public static async Task<IActorRef> LeastLoadedAsync(IReadOnlyDictionary<ExecutionProvider, IActorRef> routers, TimeSpan timeout)
    {
        if (routers.Count == 1) return routers.Values.First();
        var asks = routers.Select(async r => (Router: r.Value, Load: await r.Value.Ask<DeviceLoad>(GetDeviceLoad.Instance, timeout).ConfigureAwait(false)));
        var loads = await Task.WhenAll(asks).ConfigureAwait(false);
        var best = DeviceSelection.LeastLoaded(loads.Select(l => l.Load).ToArray());
        return loads.First(l => ReferenceEquals(l.Load, best)).Router;
    }
}
