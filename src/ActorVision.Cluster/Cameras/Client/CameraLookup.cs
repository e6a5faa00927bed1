using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras.Client;

/// <summary>One camera of a listing: its view, or why it has none (it did not answer in time).</summary>
public sealed record CameraLookup(string CameraId, CameraView? View, string? Problem);
