using Akka.Configuration;

namespace ActorVision.Cluster.CameraFile;

/// <summary>The declarative camera file (<c>actorvision.camera-file</c>): where it is and how often it is read.</summary>
/// <param name="Path">Empty: no camera file.</param>
public sealed record CameraFileSettings(string Path, TimeSpan PollInterval)
{
    public bool Enabled => Path.Length > 0;

    public static CameraFileSettings FromConfig(Config section, string contentRoot)
    {
        var path = section.GetString("path", "");
        var settings = new CameraFileSettings(
            path.Length == 0 ? "" : System.IO.Path.GetFullPath(path, contentRoot),
            section.GetTimeSpan("poll-interval", TimeSpan.FromSeconds(5)));
        if (settings.PollInterval <= TimeSpan.Zero) throw new ConfigurationException("actorvision.camera-file.poll-interval must be positive");
        return settings;
    }
}
