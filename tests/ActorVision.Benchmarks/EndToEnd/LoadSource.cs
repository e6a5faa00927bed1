using System.Diagnostics;
using ActorVision.Tests;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// A clip the RTSP test server serves as N independent live cameras (one mount each, <c>/cam1</c> .. <c>/camN</c>),
/// made long enough by stream copy (no re-encoding) that no camera sees the server's loop restart its timestamps
/// during a measurement.
/// </summary>
public sealed record LoadSource(string Name, string Description, string Clip, int Width, int Height, double ClipSeconds, bool HasEvents)
{
    public const double FramesPerSecond = 25;

    public static LoadSource Named(string name) => name switch
    {
        "crossing" => new(name, "640x360 scripted crossing (a line crossing every 5 s)", TestAssets.ScriptedCrossing, 640, 360, 30, true),
        "360p" => new(name, "640x360 test pattern", TestAssets.TestSource360p, 640, 360, 10, false),
        "pedestrians" => new(name, "640x360 people walking (OpenCV's vtest, 25 fps)", TestAssets.Pedestrians360p, 640, 360, 79.5, true),
        "1080p" => new(name, "1920x1080 test pattern", TestAssets.TestSource1080p, 1920, 1080, 20, false),
        _ => throw new ArgumentException($"unknown source '{name}' (crossing, pedestrians, 360p, 1080p)"),
    };

    /// <summary>The clip repeated to at least <paramref name="length"/>, in <paramref name="folder"/> (made once, then reused).</summary>
    public string Looped(string folder, TimeSpan length)
    {
        var loops = (int)Math.Ceiling(length.TotalSeconds / ClipSeconds);
        var path = Path.Combine(folder, $"{Name}-x{loops}.mp4");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", (loops - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", Clip, "-c", "copy", "-movflags", "+faststart", path + ".tmp.mp4" })
            start.ArgumentList.Add(arg);
        using var ffmpeg = Process.Start(start)!;
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not loop {Clip}: {errors}");
        File.Move(path + ".tmp.mp4", path, overwrite: true);
        return path;
    }

    /// <summary>An RTSP test server with <paramref name="cameras"/> mounts of the looped clip.</summary>
    public RtspTestServer Serve(string loopedClip, int cameras) =>
        RtspTestServer.Start(Enumerable.Range(1, cameras).Select(i => ($"cam{i}", loopedClip)).ToArray());

    public static IReadOnlyList<string> Urls(RtspTestServer server, int cameras) =>
        Enumerable.Range(1, cameras).Select(i => server.Url($"cam{i}")).ToArray();
}
