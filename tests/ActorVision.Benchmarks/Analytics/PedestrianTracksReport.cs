using ActorVision.Benchmarks.Harness;
using ActorVision.Core.Detections;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;
using ActorVision.Inference.Motion;
using ActorVision.Media;
using ActorVision.Media.Overlay;
using ActorVision.Tests;

namespace ActorVision.Benchmarks.Analytics;

/// <summary>
/// The real-video check of the analytics core: the motion detector, the tracker and a line-crossing rule on OpenCV's
/// pedestrian video (every frame, 10 fps, 795 frames). Prints the counts and writes docs/images/pedestrian-tracks.jpg
/// (every confirmed track's path over a frame of the scene) so a reader can judge them.
/// </summary>
public sealed class PedestrianTracksReport : IBenchmark
{
    /// <summary>A vertical line through the middle of the walkway: people walking right cross "in".</summary>
    private static readonly LineCrossingRuleSpec Walkway = new()
    {
        Id = "walkway", A = new PointF(0.5f, 0.85f), B = new PointF(0.5f, 0.25f),
    };

    public string Name => "analytics-pedestrian-tracks";
    public string Group => "analytics";
    public string Description => "motion + tracker + line crossing on the real pedestrian video: counts and a picture of the tracks";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.Pedestrians));
        using var motion = new MotionDetector();
        var tracker = new ByteTracker();
        var rules = new RuleEngine("pedestrians", [Walkway]);
        var blobs = new List<Detection>();
        var events = new List<AnalyticsEvent>();
        var paths = new Dictionary<long, List<PointF>>();
        VideoFrame? background = null;
        var frames = 0;
        long detections = 0;
        while (source.ReadFrame() is { } frame)
        {
            frames++;
            blobs.Clear();
            motion.Process(frame, blobs);
            detections += blobs.Count;
            var tracks = tracker.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(blobs), frame.StreamTime);
            rules.Evaluate(new FrameAnalysis(frame.Width, frame.Height, frame.StreamTime, frame.CaptureTimeUtc), tracks, events);
            foreach (var track in tracks)
            {
                if (track.State != TrackState.Confirmed) continue;
                if (!paths.TryGetValue(track.Id, out var path)) paths[track.Id] = path = new List<PointF>();
                path.Add(track.Box.BottomCenter);
            }
            if (frames == 300)
            {
                background = VideoFrame.Allocate(frame.Width, frame.Height, frame.Format);
                background.CopyFrom(frame);
            }
            frame.Release();
        }

        var counts = rules.GetLineCounts(Walkway.Id) ?? default;
        var lasting = paths.Values.Where(p => p.Count >= 10).ToArray();
        var image = Path.Combine(context.RepoRoot, "docs", "images", "pedestrian-tracks.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        File.WriteAllBytes(image, Draw(background!, paths));
        context.Log($"{frames} frames, {detections} motion blobs, {paths.Count} confirmed tracks ({lasting.Length} lasting 1 s or more)");
        context.Log($"walkway line: {counts.In} crossings in (walking right), {counts.Out} out (walking left); picture: {image}");

        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(
        [
            new("pedestrian-frames", frames, "frames"),
            new("pedestrian-tracks-confirmed", paths.Count, "tracks"),
            new("pedestrian-tracks-1s-or-more", lasting.Length, "tracks"),
            new("pedestrian-crossings-in", counts.In, "crossings"),
            new("pedestrian-crossings-out", counts.Out, "crossings"),
        ]);
    }

    private static byte[] Draw(VideoFrame background, Dictionary<long, List<PointF>> paths)
    {
        var canvas = new Rgb24Canvas(background);
        canvas.DrawLine(Scale(Walkway.A, background), Scale(Walkway.B, background), Rgb.Red, 3);
        foreach (var (id, path) in paths.Where(p => p.Value.Count >= 10))
        {
            var color = Rgb.ForId(id);
            for (var i = 1; i < path.Count; i++) canvas.DrawLine(path[i - 1], path[i], color, 2);
            canvas.DrawLabel(path[^1].X, path[^1].Y, $"#{id}", color);
        }
        using var jpeg = new JpegEncoder(quality: 85);
        return jpeg.Encode(background);
    }

    private static PointF Scale(PointF p, VideoFrame frame) => new(p.X * frame.Width, p.Y * frame.Height);
}
