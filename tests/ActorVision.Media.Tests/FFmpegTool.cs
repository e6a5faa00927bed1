using System.Diagnostics;
using System.Globalization;

namespace ActorVision.Media.Tests;

/// <summary>The ffmpeg and ffprobe command-line tools, as an independent check of what the library writes and reads.</summary>
public static class FFmpegTool
{
    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Runs ffmpeg with quiet logging.</summary>
    public static void Ffmpeg(params string[] arguments) => Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);

    /// <summary>Counts decoded video frames the way ffprobe sees them.</summary>
    public static int CountFrames(string path) =>
        int.Parse(Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames",
            "-of", "default=nokey=1:noprint_wrappers=1", path).Split('\n')[0].Trim(), CultureInfo.InvariantCulture);

    /// <summary>One stream property (width, height, codec_name, ...) of the first video stream.</summary>
    public static string StreamProperty(string path, string property) =>
        Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=" + property,
            "-of", "default=nokey=1:noprint_wrappers=1", path).Trim();

    public static double Duration(string path) =>
        double.Parse(Run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nokey=1:noprint_wrappers=1", path).Trim(),
            CultureInfo.InvariantCulture);
}
