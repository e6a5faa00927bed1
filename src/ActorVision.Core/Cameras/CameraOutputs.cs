namespace ActorVision.Core.Cameras;

/// <summary>Where a camera's annotated stream and event snapshots go. Every output is optional.</summary>
public sealed record CameraOutputs
{
    public static CameraOutputs None { get; } = new();

    /// <summary>Folder for an HLS playlist (<c>index.m3u8</c>) with rolling segments.</summary>
    public string? HlsFolder { get; init; }

    /// <summary>RTSP server URL the annotated stream is published to (RECORD).</summary>
    public string? RtspPublishUrl { get; init; }

    /// <summary>MP4 recording of the annotated stream.</summary>
    public string? Mp4Path { get; init; }

    /// <summary>Save a JPEG of the annotated frame for every event.</summary>
    public bool Snapshots { get; init; }

    public int BitrateKbps { get; init; } = 1500;

    public bool HasVideoOutput => !string.IsNullOrEmpty(HlsFolder) || !string.IsNullOrEmpty(RtspPublishUrl) || !string.IsNullOrEmpty(Mp4Path);
}
