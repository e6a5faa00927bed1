using System.Diagnostics;
using System.Globalization;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>
/// Videos for job tests, generated once with the ffmpeg command line into a shared media root (kept between runs):
/// a white 12x24 box crossing a dark 160x90 scene left to right every 5 s, at 10 fps.
/// </summary>
public static class JobMedia
{
    private static readonly Lock Gate = new();

    /// <summary>The media root the test nodes are configured with.</summary>
    public static string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "actorvision-job-media")).FullName;

    /// <summary>HOCON that makes <see cref="Root"/> the node's only media root.</summary>
    public static string Hocon => $"actorvision.sources.media-roots = [\"{Root}\"]";

    /// <summary>12 minutes, 7200 frames.</summary>
    public static string TwelveMinutes => Crossing("crossing-12min.mp4", 720);

    public static string Crossing(string name, int seconds)
    {
        var path = Path.Combine(Root, name);
        lock (Gate)
        {
            if (File.Exists(path)) return path;
            var temp = path + ".tmp.mp4";
            Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", $"color=c=0x303030:s=160x90:r=10:d={seconds}",
                "-f", "lavfi", "-i", $"color=c=white:s=12x24:r=10:d={seconds}",
                "-filter_complex", "[0][1]overlay=x='mod(t*40,200)-20':y=40:shortest=1",
                "-an", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart", temp);
            File.Move(temp, path);
            return path;
        }
    }

    /// <summary>The number of frames ffprobe decodes from the file (<c>-count_frames</c>): the truth to compare with.</summary>
    public static long CountFrames(string path)
    {
        var output = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path);
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>A copy of <paramref name="source"/> with random bytes written over the middle of its media data (the index is at the front).</summary>
    public static string Damaged(string source, string name)
    {
        var path = Path.Combine(Root, name);
        var bytes = File.ReadAllBytes(source);
        var random = new Random(1234);
        for (var hit = 0; hit < 8; hit++)
        {
            var at = bytes.Length / 4 + random.Next(bytes.Length / 2);
            random.NextBytes(bytes.AsSpan(at, 300));
        }
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr}");
        return stdout.Result;
    }
}
