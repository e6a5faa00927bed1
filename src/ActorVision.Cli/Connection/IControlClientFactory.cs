namespace ActorVision.Cli.Connection;

/// <summary>Opens a client for resolved settings; commands get their client only through this.</summary>
public interface IControlClientFactory
{
    IControlClient Connect(ConnectionSettings settings);
}
