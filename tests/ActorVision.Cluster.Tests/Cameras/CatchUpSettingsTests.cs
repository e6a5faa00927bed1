using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Cameras;
using ActorVision.Tests;
using Akka.Configuration;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>actorvision.cameras.max-decode-lag and catch-up-keyframe-interval reach a live camera's source options.</summary>
public sealed class CatchUpSettingsTests
{
    private static CameraRuntimeSettings Parse(string hocon) => CameraRuntimeSettings.FromConfig(ConfigurationFactory.ParseString(hocon));

    private static readonly CameraSpec Camera = new() { Id = "c", SourceUrl = "rtsp://127.0.0.1/cam", Mode = SourceMode.Live };

    [Fact]
    public void The_shipped_settings_bound_a_live_cameras_decode_lag_at_one_second()
    {
        var cameras = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "actorvision.conf")))
            .GetConfig("actorvision.cameras");
        var options = CameraSource.Options(Camera, CameraRuntimeSettings.FromConfig(cameras), maxFps: null);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxDecodeLag);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CatchUpKeyframeInterval);
    }

    [Fact]
    public void Off_lets_a_live_camera_decode_every_frame_however_late()
    {
        var options = CameraSource.Options(Camera, Parse("max-decode-lag = off"), maxFps: null);
        Assert.Null(options.MaxDecodeLag);
    }

    [Fact]
    public void Other_values_are_taken_as_given_and_a_zero_bound_is_refused()
    {
        var settings = Parse("max-decode-lag = 2500ms\ncatch-up-keyframe-interval = 10s");
        Assert.Equal(TimeSpan.FromMilliseconds(2500), settings.MaxDecodeLag);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.CatchUpKeyframeInterval);
        var error = Assert.Throws<ConfigurationException>(() => Parse("max-decode-lag = 0s"));
        Assert.Contains("max-decode-lag", error.Message);
    }
}
