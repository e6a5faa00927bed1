namespace ActorVision.Domain.Cameras.Messages;

// Published by camera entities on distributed pub/sub topics, for whoever watches the cluster (the dashboard).

/// <summary>
/// A camera's status, on <see cref="CameraEntity.StatusTopic"/> whenever it changes and at every statistics report
/// of a running camera. <paramref name="Source"/> is the source URL with credentials removed; <paramref name="Snapshots"/>
/// tells whether its events have snapshot pictures.
/// </summary>
public sealed record CameraStatusUpdate(string CameraId, string DisplayName, string Source, bool Live, bool Snapshots, CameraStatus Status);

/// <summary>The camera was removed; on <see cref="CameraEntity.StatusTopic"/>.</summary>
public sealed record CameraForgotten(string CameraId);

/// <summary>
/// Asks a camera to publish its status now (a dashboard that started after the camera last changed). Not answered:
/// the status arrives on <see cref="CameraEntity.StatusTopic"/>.
/// </summary>
public sealed record PublishCameraStatus(string CameraId) : IWithCameraId;

/// <summary>Camera pipeline to viewer: one annotated frame (frame plus overlay) as a JPEG. Frames cross nodes as these bytes, never as VideoFrame.</summary>
public sealed record LiveViewFrame(string CameraId, long Sequence, DateTime CaptureTimeUtc, byte[] Jpeg);
