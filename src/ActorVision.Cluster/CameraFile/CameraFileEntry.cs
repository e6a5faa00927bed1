using ActorVision.Core.Cameras;

namespace ActorVision.Cluster.CameraFile;

/// <summary>One camera of the camera file: its spec, and whether it should run when the file creates it (<c>start</c>, default on).</summary>
public sealed record CameraFileEntry(CameraSpec Spec, bool Start);
