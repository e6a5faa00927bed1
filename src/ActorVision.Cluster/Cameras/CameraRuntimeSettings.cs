using Akka.Configuration;
using ActorVision.Common.Resilience;
using ActorVision.Domain.Cameras;
using ActorVision.Core.Cameras;

namespace ActorVision.Cluster.Cameras;

/// <summary>How camera pipelines run on this node (<c>actorvision.cameras</c>).</summary>
public sealed record CameraRuntimeSettings(
    TimeSpan ReconnectMinBackoff,
    TimeSpan ReconnectMaxBackoff,
    double ReconnectRandomFactor,
    TimeSpan ReadTimeout,
    TimeSpan OpenTimeout,
    int InferenceParallelism,
    double DefaultAnalysisFps,
    int DefaultAnalysisWidth,
    TimeSpan StatusInterval,
    PipelineRestartPolicy Restarts,
    int MaxCamerasPerNode,
    CameraLimits Limits,
    TimeSpan RecordingSegment,
    AnalysisTimeouts Timeouts,
    CameraStartPacing StartPacing)
{
    public static CameraRuntimeSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>How far a live camera's decoding may fall behind real time before it drops frames to catch up
    /// (<c>max-decode-lag</c>); null (<c>off</c>): never.</summary>
    public TimeSpan? MaxDecodeLag { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest keyframe interval a camera that fell behind skips to the next keyframe for (<c>catch-up-keyframe-interval</c>).</summary>
    public TimeSpan CatchUpKeyframeInterval { get; init; } = TimeSpan.FromSeconds(5);

    public static CameraRuntimeSettings FromConfig(Config cameras)
    {
        var settings = new CameraRuntimeSettings(
            cameras.GetTimeSpan("reconnect-min-backoff", TimeSpan.FromMilliseconds(500)),
            cameras.GetTimeSpan("reconnect-max-backoff", TimeSpan.FromSeconds(3)),
            cameras.GetDouble("reconnect-random-factor", 0.2),
            cameras.GetTimeSpan("read-timeout", TimeSpan.FromSeconds(5)),
            cameras.GetTimeSpan("open-timeout", TimeSpan.FromSeconds(10)),
            cameras.GetInt("inference-parallelism", 2),
            cameras.GetDouble("default-analysis-fps", 5),
            cameras.GetInt("default-analysis-width", 640),
            cameras.GetTimeSpan("status-interval", TimeSpan.FromSeconds(1)),
            RestartPolicy(cameras),
            cameras.GetInt("max-per-node", 250),
            ParseLimits(cameras),
            cameras.GetTimeSpan("recording-segment", TimeSpan.FromMinutes(10)),
            new AnalysisTimeouts(
                cameras.GetTimeSpan("detect-timeout", TimeSpan.FromSeconds(5)),
                cameras.GetTimeSpan("persist-timeout", TimeSpan.FromSeconds(30)),
                cameras.GetTimeSpan("snapshot-timeout", TimeSpan.FromSeconds(10))),
            new CameraStartPacing(
                cameras.GetInt("start-concurrency", 8),
                cameras.GetTimeSpan("start-timeout", TimeSpan.FromSeconds(15))))
        {
            MaxDecodeLag = cameras.GetString("max-decode-lag", "1s") is "off" ? null : cameras.GetTimeSpan("max-decode-lag", TimeSpan.FromSeconds(1)),
            CatchUpKeyframeInterval = cameras.GetTimeSpan("catch-up-keyframe-interval", TimeSpan.FromSeconds(5)),
        };
        if (settings.MaxDecodeLag <= TimeSpan.Zero || settings.CatchUpKeyframeInterval <= TimeSpan.Zero)
            throw new ConfigurationException("actorvision.cameras: max-decode-lag (or off) and catch-up-keyframe-interval must be positive");
        if (settings.ReconnectMinBackoff <= TimeSpan.Zero || settings.ReconnectMaxBackoff < settings.ReconnectMinBackoff)
            throw new ConfigurationException("actorvision.cameras: reconnect backoff needs 0 < min <= max");
        if (settings.RecordingSegment < TimeSpan.FromSeconds(2))
            throw new ConfigurationException("actorvision.cameras.recording-segment must be at least 2s");
        if (settings.InferenceParallelism < 1)
            throw new ConfigurationException("actorvision.cameras.inference-parallelism must be at least 1");
        if (settings.Timeouts.Detect <= TimeSpan.Zero || settings.Timeouts.Persist <= TimeSpan.Zero || settings.Timeouts.Snapshot <= TimeSpan.Zero)
            throw new ConfigurationException("actorvision.cameras: detect-timeout, persist-timeout and snapshot-timeout must be positive");
        if (settings.StartPacing.Concurrency < 1 || settings.StartPacing.Timeout <= TimeSpan.Zero)
            throw new ConfigurationException("actorvision.cameras: start-concurrency must be at least 1 and start-timeout positive");
        if (settings.MaxCamerasPerNode < 1)
            throw new ConfigurationException("actorvision.cameras.max-per-node must be at least 1");
        return settings;
    }

    private static PipelineRestartPolicy RestartPolicy(Config cameras)
    {
        var min = cameras.GetTimeSpan("restart-min-backoff", TimeSpan.FromSeconds(1));
        var max = cameras.GetTimeSpan("restart-max-backoff", TimeSpan.FromMinutes(1));
        var random = cameras.GetDouble("restart-random-factor", 0.2);
        var resetAfter = cameras.GetTimeSpan("restart-reset-after", TimeSpan.FromMinutes(1));
        if (min <= TimeSpan.Zero || max < min)
            throw new ConfigurationException("actorvision.cameras: restart backoff needs 0 < restart-min-backoff <= restart-max-backoff");
        if (random is < 0 or > 1)
            throw new ConfigurationException("actorvision.cameras.restart-random-factor must be between 0 and 1");
        if (resetAfter <= TimeSpan.Zero)
            throw new ConfigurationException("actorvision.cameras.restart-reset-after must be positive");
        return new PipelineRestartPolicy(new Backoff(min, max, random), resetAfter);
    }

    private static CameraLimits ParseLimits(Config cameras)
    {
        try
        {
            return CameraLimits.Create(
                cameras.GetLong("max-analysis-pixels", CameraLimits.Default.MaxAnalysisPixels),
                cameras.GetInt("max-rules", CameraLimits.Default.MaxRules),
                cameras.GetInt("max-classes-per-rule", CameraLimits.Default.MaxClassesPerRule));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ConfigurationException($"actorvision.cameras: {ex.Message}");
        }
    }
}

/// <summary>How long a live camera's analysis waits before it gives up on a frame and goes on (reporting why).</summary>
/// <param name="Detect">For the device router's detections.</param>
/// <param name="Persist">For the entity to confirm a frame's events are persisted (they stay queued there).</param>
/// <param name="Snapshot">For an event snapshot to be written.</param>
public sealed record AnalysisTimeouts(TimeSpan Detect, TimeSpan Persist, TimeSpan Snapshot);

/// <summary>How many of a node's cameras open their sources at once (<see cref="Pipeline.CameraStartPacer"/>).</summary>
/// <param name="Concurrency">Cameras starting at once; the others wait their turn.</param>
/// <param name="Timeout">How long a start may hold its turn (a source that never answers).</param>
public sealed record CameraStartPacing(int Concurrency, TimeSpan Timeout);
