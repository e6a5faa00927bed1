using ActorVision.Cli.Connection;

namespace ActorVision.Cli.Tests.Support;

/// <summary>
/// A client factory for tests that must not reach any node: it counts connection attempts and refuses them,
/// so a test can prove a usage error was reported before anything was sent.
/// </summary>
public sealed class NoNodeFactory : IControlClientFactory
{
    public int Connects { get; private set; }
    public ConnectionSettings? LastSettings { get; private set; }

    public IControlClient Connect(ConnectionSettings settings)
    {
        Connects++;
        LastSettings = settings;
        throw new InvalidOperationException("this test must not connect to a node");
    }
}
