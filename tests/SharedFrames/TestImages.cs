using System.Diagnostics;
using System.Globalization;
using ActorVision.Core.Imaging;

namespace ActorVision.Tests;

/// <summary>
/// Pictures for tests, decoded with the ffmpeg command line into raw RGB (independent of the media layer under test)
/// and synthetic frames. Lives in tests/SharedFrames, linked only by test projects that reference Core: tests/Shared
/// is linked by every test project (the CLI's has no Core) and must stay BCL-only.
/// </summary>
public static class TestImages
{
    /// <summary>Decodes an image file (PNG, JPEG...) into an Rgb24 frame that belongs to no pool.</summary>
    public static VideoFrame Decode(string path)
    {
        var (width, height) = Size(path);
        var rgb = Run("ffmpeg", ["-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        if (rgb.Length != width * height * 3) throw new InvalidDataException($"ffmpeg gave {rgb.Length} bytes for a {width}x{height} image");
        var frame = VideoFrame.Allocate(width, height, PixelFormat.Rgb24);
        for (var y = 0; y < height; y++) rgb.AsSpan(y * width * 3, width * 3).CopyTo(frame.Row(y));
        return frame;
    }

    /// <summary>The first <paramref name="count"/> frames of a video file as Rgb24 frames (no pool).</summary>
    public static IReadOnlyList<VideoFrame> DecodeVideo(string path, int count)
    {
        var (width, height) = Size(path);
        var rgb = Run("ffmpeg", ["-v", "error", "-i", path, "-frames:v", count.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        var frameBytes = width * height * 3;
        var frames = new List<VideoFrame>();
        for (var offset = 0; offset + frameBytes <= rgb.Length; offset += frameBytes)
        {
            var frame = VideoFrame.Allocate(width, height, PixelFormat.Rgb24);
            for (var y = 0; y < height; y++) rgb.AsSpan(offset + y * width * 3, width * 3).CopyTo(frame.Row(y));
            frames.Add(frame);
        }
        return frames;
    }

    /// <summary>
    /// The video frame shown at <paramref name="at"/>, scaled by ffmpeg (bilinear) to exactly
    /// <paramref name="width"/> x <paramref name="height"/>, as raw RGB bytes.
    /// </summary>
    public static byte[] RawRgbAt(string path, TimeSpan at, int width, int height) =>
        Run("ffmpeg", ["-v", "error", "-ss", at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", path, "-frames:v", "1",
            "-vf", $"scale={width}:{height}:flags=bilinear", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);

    /// <summary>The video frame shown at <paramref name="at"/> as an Rgb24 frame of the video's own size (no pool).</summary>
    public static VideoFrame DecodeVideoAt(string path, TimeSpan at)
    {
        var (width, height) = Size(path);
        var rgb = Run("ffmpeg", ["-v", "error", "-ss", at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", path,
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        if (rgb.Length != width * height * 3) throw new InvalidDataException($"ffmpeg gave {rgb.Length} bytes for a {width}x{height} frame at {at}");
        var frame = VideoFrame.Allocate(width, height, PixelFormat.Rgb24);
        for (var y = 0; y < height; y++) rgb.AsSpan(y * width * 3, width * 3).CopyTo(frame.Row(y));
        return frame;
    }

    /// <summary>A frame of one colour.</summary>
    public static VideoFrame Solid(int width, int height, byte r, byte g, byte b, PixelFormat format = PixelFormat.Rgb24)
    {
        var frame = VideoFrame.Allocate(width, height, format);
        for (var y = 0; y < height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < row.Length; x += 3)
            {
                row[x] = format == PixelFormat.Bgr24 ? b : r;
                row[x + 1] = g;
                row[x + 2] = format == PixelFormat.Bgr24 ? r : b;
            }
        }
        return frame;
    }

    private static (int Width, int Height) Size(string path)
    {
        var probe = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", path]);
        var size = System.Text.Encoding.ASCII.GetString(probe).Trim().Split('x');
        return (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
    }

    private static byte[] Run(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr.Result}");
        return output.ToArray();
    }
}
