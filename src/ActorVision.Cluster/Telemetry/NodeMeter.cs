using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.DependencyInjection;
using ActorVision.Common.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ActorVision.Cluster.Telemetry;

/// <summary>The meter of an actor system's node: from the node's <see cref="IMeterFactory"/> (the services Akka.Hosting handed the system), else a plain one.</summary>
public static class NodeMeter
{
    public static Meter Create(ActorSystem system)
    {
        var services = system.Settings.Setup.Get<DependencyResolverSetup>();
        var factory = services.HasValue ? DependencyResolver.For(system).Resolver.GetService<IMeterFactory>() : null;
        var meter = ActorVisionMeter.Create(factory);
        // A meter of the node's factory goes with the node's services; a plain one with the system.
        if (factory is null) system.RegisterOnTermination(meter.Dispose);
        return meter;
    }
}
