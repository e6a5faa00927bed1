using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// The stream graph of one analysis job, built from the camera's stages in file mode:
/// <code>
/// [decoder thread, a frame ahead] => count -> kill switch -> [broadcast to the annotated MP4]
///   -> analyse (sample every frame or a rate, mark checkpoint frames; motion, device router at Job priority with a
///      bounded window; tracker + rules) -> record (persist events, then the checkpoint; release)   analysis-dispatcher
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
        return (annotatedVideo is null
            ? counted.ToMaterialized(analysed, (killSwitch, done) => (killSwitch, done))
            : CameraGraph.Fork(counted, analysed, annotatedVideo)).WithAttributes(CameraGraph.Island);
    }

    private static Sink<VideoFrame, Task> AnalysisSink(JobAnalysis analysis) =>
        Flow.FromGraph(new FrameAnalysisStage(analysis.Analyser, analysis.Options))
            .ToMaterialized(Sink.FromGraph(new JobRecordStage(analysis)), Keep.Right);
}
