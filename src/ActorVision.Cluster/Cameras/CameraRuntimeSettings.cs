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
    TimeSpan RecordingSegment)
{
    public static CameraRuntimeSettings Default { get; } = FromConfig(Config.Empty);

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
            cameras.GetTimeSpan("recording-segment", TimeSpan.FromMinutes(10)));
        if (settings.ReconnectMinBackoff <= TimeSpan.Zero || settings.ReconnectMaxBackoff < settings.ReconnectMinBackoff)
            throw new ConfigurationException("actorvision.cameras: reconnect backoff needs 0 < min <= max");
        if (settings.RecordingSegment < TimeSpan.FromSeconds(2))
            throw new ConfigurationException("actorvision.cameras.recording-segment must be at least 2s");
        if (settings.InferenceParallelism < 1)
            throw new ConfigurationException("actorvision.cameras.inference-parallelism must be at least 1");
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
