using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.Hosting;

namespace ActorVision.Node.Api;

/// <summary>
/// The API's way to the cameras: a <see cref="CameraClient"/> over this node's <c>camera</c> region (or proxy), and the
/// journal-backed <see cref="CameraDirectory"/> for listings. Resolved on first use, once the actor system is up.
/// </summary>
public sealed class CameraAccess(ActorSystem system, ActorRegistry registry, CameraClientSettings settings, ActorVisionSettings engine)
{
    private readonly Lazy<CameraDirectory> _directory = new(() => new CameraDirectory(system));
    private CameraClient? _client;

    /// <summary>Analysis rate of a spec that leaves it out (<c>actorvision.cameras.default-analysis-fps</c>).</summary>
    public double DefaultAnalysisFps => engine.Cameras.DefaultAnalysisFps;

    /// <summary>What one camera may ask of a node (<c>actorvision.cameras.max-*</c>).</summary>
    public ActorVision.Core.Cameras.CameraLimits Limits => engine.Cameras.Limits;

    public CameraDirectory Directory => _directory.Value;

    public async ValueTask<CameraClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } client) return client;
        var region = await registry.GetAsync<CameraRegion>(cancellationToken).ConfigureAwait(false);
        return _client = new CameraClient(region, settings);
    }
}
