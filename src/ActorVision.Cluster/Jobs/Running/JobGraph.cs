using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// The stream graph of one analysis job, built from the camera's stages in file mode:
/// <code>
/// source (decoder, skips to the checkpoint) -> count -> kill switch -> [broadcast to the annotated MP4]
///   -> sample (every frame or a rate; mark checkpoint frames) -> detect (motion, device router at Job priority,
///      a bounded window in flight) -> tracker + rules -> persist events, then the checkpoint -> release the frame
/// </code>
/// Nothing drops frames: backpressure reaches the decoder, so the job runs as fast as its slowest stage.
/// </summary>
public static class JobGraph
{
    public static IRunnableGraph<(UniqueKillSwitch KillSwitch, Task Completion)> Create(
        Source<VideoFrame, NotUsed> source, JobAnalysis analysis, Sink<VideoFrame, Task>? annotatedVideo)
    {
        var counted = source
            .Select(frame =>
            {
                analysis.Counters.Decoded(frame.Sequence);
                return frame;
            })
            .ViaMaterialized(KillSwitches.Single<VideoFrame>(), Keep.Right);
        var analysed = AnalysisSink(analysis);
        // Frames are large pooled buffers: hold a few per async boundary, as cameras do.
        return (annotatedVideo is null
            ? counted.ToMaterialized(analysed, (killSwitch, done) => (killSwitch, done))
            : CameraGraph.Fork(counted, analysed, annotatedVideo)).WithAttributes(CameraGraph.SmallBuffers);
    }

    private static Sink<VideoFrame, Task> AnalysisSink(JobAnalysis analysis) =>
        Flow.Create<VideoFrame>()
            .Where(analysis.ShouldAnalyse)
            .Select(analysis.Mark)
            .SelectAsync(analysis.Window, analysis.DetectAsync)
            .Select(analysis.Track)
            .SelectAsync(1, analysis.FinishAsync)
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Right)
            .MapMaterializedValue(task => (Task)task);
}
