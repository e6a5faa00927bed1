using ActorVision.Cli.Resilience;

namespace ActorVision.Cli.Connection;

/// <summary>The real thing: a gRPC channel to the node at the resolved address.</summary>
public sealed class GrpcControlClientFactory(ResilientCall resilience) : IControlClientFactory
{
    public static GrpcControlClientFactory Default { get; } = new(ResilientCall.Default);

    public IControlClient Connect(ConnectionSettings settings) => new GrpcControlClient(settings, resilience);
}
