namespace ActorVision.Node.Dashboard;

/// <summary>Asks a node's <see cref="SnapshotFiles"/> for an event's snapshot picture (it lives on the disk of the node that ran the camera).</summary>
public sealed record GetSnapshotFile(string CameraId, Guid EventId);

/// <summary>The JPEG, or null when the node has no such snapshot.</summary>
public sealed record SnapshotFileContent(byte[]? Jpeg);
