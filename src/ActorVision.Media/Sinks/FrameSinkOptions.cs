namespace ActorVision.Media.Sinks;

/// <summary>How a <see cref="FrameSink"/> encodes. Frames of another size are scaled to Width x Height.</summary>
public sealed record FrameSinkOptions(int Width, int Height)
{
    /// <summary>Nominal frame rate (rate control and the interval used when timestamps are re-based or slates are inserted).</summary>
    public double FrameRate { get; init; } = 25;

    /// <summary>Target bit rate in bits per second.</summary>
    public long BitRate { get; init; } = 2_000_000;

    /// <summary>Time between keyframes: how long a new viewer waits for a picture, and the HLS segment granularity.</summary>
    public TimeSpan KeyframeInterval { get; init; } = TimeSpan.FromSeconds(2);

    public H264Encoder Encoder { get; init; } = H264Encoder.X264;

    /// <summary>libx264 speed preset (ultrafast ... veryslow).</summary>
    public string Preset { get; init; } = "veryfast";

    /// <summary>No B-frames and no lookahead: each frame leaves the encoder at once (live view). Off for best compression of files.</summary>
    public bool LowLatency { get; init; } = true;

    /// <summary>Encoder threads; 0 lets the codec choose.</summary>
    public int Threads { get; init; }

    /// <summary>Bound on connecting and on each write of a network output.</summary>
    public TimeSpan OutputTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before reconnecting a failed output; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (Width <= 0 || Height <= 0 || Width % 2 != 0 || Height % 2 != 0)
            throw new MediaException(MediaErrorKind.InvalidArgument, $"output size {Width}x{Height} must be positive and even (H.264 4:2:0)");
        if (!(FrameRate > 0 && FrameRate <= 240)) throw new MediaException(MediaErrorKind.InvalidArgument, $"FrameRate {FrameRate} must be in (0, 240]");
        if (BitRate <= 0) throw new MediaException(MediaErrorKind.InvalidArgument, "BitRate must be positive");
        if (KeyframeInterval <= TimeSpan.Zero) throw new MediaException(MediaErrorKind.InvalidArgument, "KeyframeInterval must be positive");
        if (OutputTimeout <= TimeSpan.Zero) throw new MediaException(MediaErrorKind.InvalidArgument, "OutputTimeout must be positive");
        if (ReconnectInitialDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectInitialDelay)
            throw new MediaException(MediaErrorKind.InvalidArgument, "reconnect delays must be positive, the maximum at least the initial one");
    }
}
