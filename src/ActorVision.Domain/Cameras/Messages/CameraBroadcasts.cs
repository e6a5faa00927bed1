namespace ActorVision.Domain.Cameras.Messages;

/// <summary>
/// Published by camera entities and pipelines for whoever watches the cluster (the dashboard), on distributed pub/sub
/// topics or straight to a viewer on another node.
/// </summary>
public interface ICameraBroadcast;

/// <summary>
/// A camera's status, on the <c>camera-status</c> topic whenever it changes and at every statistics report
/// of a running camera. <paramref name="Source"/> is the source URL with credentials removed; <paramref name="Snapshots"/>
/// tells whether its events have snapshot pictures.
/// </summary>
public sealed record CameraStatusUpdate(string CameraId, string DisplayName, string Source, bool Live, bool Snapshots, CameraStatus Status) : ICameraBroadcast;

/// <summary>The camera was removed; on the <c>camera-status</c> topic.</summary>
public sealed record CameraForgotten(string CameraId) : ICameraBroadcast;

/// <summary>
/// Asks a camera to publish its status now (a dashboard that started after the camera last changed). Not answered:
/// the status arrives on the <c>camera-status</c> topic.
/// </summary>
public sealed record PublishCameraStatus(string CameraId) : IWithCameraId, ICameraBroadcast;

/// <summary>Camera pipeline to viewer: one annotated frame (frame plus overlay) as a JPEG. Frames cross nodes as these bytes, never as VideoFrame.</summary>
public sealed record LiveViewFrame(string CameraId, long Sequence, DateTime CaptureTimeUtc, byte[] Jpeg) : ICameraBroadcast;
