using Akka.Configuration;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Nodes;

namespace ActorVision.Cluster.Hosting;

/// <summary>Marker for this node's <see cref="NodeReporter"/> in the ActorRegistry.</summary>
public sealed class NodeReporterActor;

public static class ControlPlaneHostingExtensions
{
    /// <summary>
    /// The engine side of the control plane, on top of <see cref="ActorVisionHostingExtensions.AddActorVision"/>: every
    /// node's <see cref="NodeReporter"/> (what the API of any node asks about it).
    /// </summary>
    public static AkkaConfigurationBuilder AddControlPlane(
        this AkkaConfigurationBuilder builder,
        ActorVisionSettings settings,
        Config config,
        ModelCatalog catalog,
        DeviceDirectory devices)
    {
        builder.WithActors((system, registry) =>
        {
            var reporter = system.ActorOf(NodeReporter.Props(catalog, devices, TimeSpan.FromSeconds(1)), NodeReporter.Name);
            registry.Register<NodeReporterActor>(reporter);
        });
        return builder;
    }
}
