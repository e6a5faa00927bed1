namespace ActorVision.Cluster.Hosting;

/// <summary>Marker for the proxy of the <see cref="CameraFileWatcher"/> singleton in the ActorRegistry (api nodes, when a camera file is configured).</summary>
public sealed class CameraFileWatcherProxy;
