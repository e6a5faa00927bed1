using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Detections;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Motion;
using ActorVision.Media;
using ActorVision.Cluster.Configuration;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// The model alone, as the inference benchmarks' bare loop: the shipped model entry (ONNX Runtime, its intra-op
/// threads; or the motion detector) on frames of the same clip decoded at the analysis width, batch 1, one frame
/// after another, nothing else running. CPU per frame times the analysis fps is what a camera's analysis must cost.
/// </summary>
public static class BareModelLimit
{
    /// <summary>CPU milliseconds per frame for <paramref name="model"/> (models joined by '+' add up).</summary>
    public static double CpuMillisecondsPerFrame(BenchmarkContext context, LoadSource source, string model, int analysisWidth, TimeSpan duration)
    {
        var config = HoconFiles.Load(Path.Combine(context.RepoRoot, "hocon"), []);
        var catalog = ModelCatalog.FromConfig(config, context.RepoRoot);
        var frames = Decode(source, analysisWidth, 60);
        try
        {
            return model.Split('+').Sum(name => Measure(catalog, name, frames, duration));
        }
        finally
        {
            foreach (var frame in frames) frame.Release();
        }
    }

    private static double Measure(ModelCatalog catalog, string model, IReadOnlyList<VideoFrame> frames, TimeSpan duration)
    {
        var blobs = new List<Detection>(64);
        var results = new DetectionBatch();
        using var motion = catalog.MotionDetectors.TryGetValue(model, out var motionSettings) ? new MotionDetector(motionSettings) : null;
        using var detector = motion is null ? DetectorFactory.Create(catalog.Models[model]) : null;
        void Run(VideoFrame frame)
        {
            if (motion is not null)
            {
                blobs.Clear();
                motion.Process(frame, blobs);
            }
            else
            {
                detector!.Detect([frame], results);
            }
        }
        foreach (var frame in frames) Run(frame); // warm up
        var cpu0 = ProcessUsage.CpuSeconds(ProcessUsage.Self) ?? 0;
        var wall = Stopwatch.StartNew();
        long count = 0;
        while (wall.Elapsed < duration)
            foreach (var frame in frames)
            {
                Run(frame);
                count++;
            }
        var cpu = (ProcessUsage.CpuSeconds(ProcessUsage.Self) ?? 0) - cpu0;
        return cpu * 1000 / count;
    }

    private static List<VideoFrame> Decode(LoadSource source, int width, int count)
    {
        using var decoder = FrameSource.Open(new FrameSourceOptions(source.Clip) { OutputWidth = width, DecoderThreads = 1, Live = false, });
        var frames = new List<VideoFrame>(count);
        // Every 5th frame, as 5 fps analysis of a 25 fps camera sees them (motion compares consecutive analysed frames).
        var index = 0;
        while (frames.Count < count && decoder.ReadFrame() is { } frame)
        {
            if (index++ % 5 == 0)
            {
                // A copy of its own, so it outlives the decoder's pool.
                var copy = VideoFrame.Allocate(frame.Width, frame.Height, frame.Format);
                copy.CopyFrom(frame);
                frames.Add(copy);
            }
            frame.Release();
        }
        return frames;
    }
}
