using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The stream graph of one camera:
/// <code>
/// source (restart with backoff) -> count -> kill switch -> broadcast
///   analysis: sample at analysis fps -> [live: keep newest, count drops] -> detect (motion, device router; bounded
///             parallelism) -> [live: idle ticks] -> tracker + rules -> snapshots, persist events, release the frame
///   output:   [live: keep newest] -> overlay + encoder -> HLS / RTSP / MP4
/// </code>
/// Live cameras drop stale frames at the two "keep newest" stages and never build latency; file cameras have no
/// such stage, so backpressure reaches the decoder and no frame is lost. Frames are reference counted: the
/// broadcast adds a hold for the second branch and each branch releases its own.
/// </summary>
public static class CameraGraph
{
    /// <summary>
    /// Elements buffered at each async boundary (Akka's default is 16). A frame is a large pooled buffer: a camera
    /// should hold a handful, not dozens, or the pool runs dry and every extra frame is a fresh allocation.
    /// </summary>
    internal static readonly Attributes SmallBuffers = Attributes.CreateInputBuffer(2, 2);

    public static IRunnableGraph<(UniqueKillSwitch KillSwitch, Task Completion)> Create(
        CameraSpec spec,
        Source<VideoFrame, NotUsed> source,
        CameraGraphStages stages) => Build(spec, source, stages).WithAttributes(SmallBuffers);

    private static IRunnableGraph<(UniqueKillSwitch KillSwitch, Task Completion)> Build(
        CameraSpec spec,
        Source<VideoFrame, NotUsed> source,
        CameraGraphStages stages)
    {
        var live = spec.Mode == SourceMode.Live;
        var counted = source
            .Select(frame =>
            {
                stages.Counters.FrameIn();
                return frame;
            })
            .ViaMaterialized(KillSwitches.Single<VideoFrame>(), Keep.Right);

        var analysis = AnalysisBranch(spec, stages, live);
        if (stages.VideoOutput is not { } videoOutput)
        {
            return counted.ToMaterialized(analysis, (killSwitch, done) => (killSwitch, done));
        }

        var output = (live ? Flow.FromGraph(new LatestFrameBuffer(stages.Counters.OutputFrameDropped)) : Flow.Create<VideoFrame>())
            .ToMaterialized(videoOutput, Keep.Right);
        return Fork(counted, analysis, output);
    }

    /// <summary>
    /// Feeds every frame of <paramref name="source"/> to both sinks without copying: the frame gets one extra hold for
    /// the second branch, and each branch releases its own. Completes when both sinks have.
    /// </summary>
    public static IRunnableGraph<(TMat Source, Task Completion)> Fork<TMat>(
        Source<VideoFrame, TMat> source, Sink<VideoFrame, Task> analysis, Sink<VideoFrame, Task> output) =>
        RunnableGraph.FromGraph(GraphDsl.Create(source, analysis, output, (mat, analysed, encoded) =>
            (mat, Task.WhenAll(analysed, encoded)), (builder, src, analysisSink, outputSink) =>
        {
            var broadcast = builder.Add(new Broadcast<VideoFrame>(2));
            var holdForSecondBranch = builder.Add(Flow.Create<VideoFrame>().Select(frame => frame.Retain()));
            builder.From(src).Via(holdForSecondBranch).To(broadcast.In);
            builder.From(broadcast.Out(0)).To(analysisSink);
            builder.From(broadcast.Out(1)).To(outputSink);
            return ClosedShape.Instance;
        }));

    private static Sink<VideoFrame, Task> AnalysisBranch(CameraSpec spec, CameraGraphStages stages, bool live)
    {
        var sampler = new AnalysisSampler(spec.AnalysisFps);
        var sampled = Flow.Create<VideoFrame>().Where(frame =>
        {
            if (sampler.ShouldAnalyse(frame.StreamTime)) return true;
            frame.Release();
            return false;
        });
        if (live) sampled = sampled.Via(new LatestFrameBuffer(stages.Counters.FrameDropped));

        var detected = sampled
            .SelectAsync(stages.Parallelism, stages.Analyser.DetectAsync)
            .Where(frame =>
            {
                if (!frame.Skipped) return true;
                stages.Counters.FrameDropped();
                stages.DetectionSkipped(frame.SkipReason!);
                return false;
            });
        // Camera-health "no frames" needs the rules to run when nothing arrives; a file never idles.
        if (live) detected = detected.KeepAlive(stages.IdleTick, () => DetectedFrame.Idle);

        return detected
            .Select(stages.Analyser.Track)
            .SelectAsync(1, stages.FinishAsync)
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Right)
            .MapMaterializedValue(task => (Task)task);
    }
}
