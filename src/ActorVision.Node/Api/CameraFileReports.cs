using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Remoting.Wire;

namespace ActorVision.Node.Api;

/// <summary>Asks the camera file watcher (a singleton, maybe on another node) for its report.</summary>
public sealed class CameraFileReports(ActorRegistry registry, ControlPlaneSetup setup)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <returns>null when no camera file is configured.</returns>
    /// <exception cref="AskTimeoutException">The watcher did not answer (its node is failing over).</exception>
    public async Task<CameraFileStatus?> AskAsync(CancellationToken cancellationToken)
    {
        if (!setup.CameraFile.Enabled) return null;
        var watcher = await registry.GetAsync<CameraFileWatcherProxy>(cancellationToken).ConfigureAwait(false);
        return await watcher.Ask<CameraFileStatus>(new CameraFileStatusRequest(), Timeout, cancellationToken).ConfigureAwait(false);
    }
}
