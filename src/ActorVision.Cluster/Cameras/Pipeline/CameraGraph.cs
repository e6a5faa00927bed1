using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Core.Cameras;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The stream graph of one camera:
/// <code>
/// [decoder thread] =newest=> count -> kill switch -> broadcast                         analysis-dispatcher
///   analysis: sample at analysis fps -> [live: keep newest] -> analyse -> record
///             (analyse: motion, device router via the stage's actor, tracker + rules;
///              record: persist the events, then their snapshot, then release the frame)
///   output:   [live: keep newest] ==> overlay + encoder -> HLS / RTSP / MP4             the encoder's own thread
/// </code>
/// The decoder reads on a thread of its own and hands over only the newest frame (<see cref="DecodeStage"/>), so a live
/// decoder never waits for the graph and never builds a queue; the keep-newest buffers decouple the two branches (a
/// slow model never stalls the video, a slow encoder never stalls analysis). Wherever a live frame is dropped it is
/// counted with a reason, and every boundary holds at most the newest frame: latency is bounded, and memory per camera
/// by its frame pool. File cameras read on demand and have no keep-newest buffers, so backpressure reaches the decoder
/// and no frame is lost. Frames are reference counted: the broadcast adds a hold for the second branch and each branch
/// releases its own.
/// </summary>
public static class CameraGraph
{
    /// <summary>
    /// Dispatcher of every camera's and job's graph (everything but decoding and encoding): a few threads for the node,
    /// taken in turn (when the node is saturated every camera's analysed rate drops alike), and never Akka's default
    /// dispatcher, where the journal, recovery and cluster gossip run.
    /// </summary>
    public const string AnalysisDispatcherId = "actorvision.analysis-dispatcher";

    /// <summary>
    /// The graph's island: the analysis dispatcher, and one element at each async boundary (the encoder's). A frame is
    /// a large pooled buffer, and a buffered live frame only ages.
    /// </summary>
    internal static readonly Attributes Island = ActorAttributes.CreateDispatcher(AnalysisDispatcherId).And(Attributes.CreateInputBuffer(1, 1));

    public static IRunnableGraph<(UniqueKillSwitch KillSwitch, Task Completion)> Create(
        CameraSpec spec,
        Source<VideoFrame, NotUsed> source,
        CameraGraphStages stages) => Build(spec, source, stages).WithAttributes(Island);

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

        // Alone, the analysis branch asks the decoder, which holds the newest picture unconverted until then; beside an
        // output, the fork moves at the pace of both branches and the analysis branch keeps only the newest frame.
        var analysis = AnalysisBranch(spec, stages, keepNewest: live && stages.VideoOutput is not null);
        if (stages.VideoOutput is not { } videoOutput)
        {
            return counted.ToMaterialized(analysis, (killSwitch, done) => (killSwitch, done));
        }

        var counters = stages.Counters;
        var output = (live ? Flow.FromGraph(new LatestFrameBuffer(() => counters.OutputFrameDropped(FrameDropReason.Replaced))) : Flow.Create<VideoFrame>())
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

    private static Sink<VideoFrame, Task> AnalysisBranch(CameraSpec spec, CameraGraphStages stages, bool keepNewest)
    {
        var sampler = new AnalysisSampler(spec.AnalysisFps);
        var sampled = Flow.Create<VideoFrame>().Where(frame =>
        {
            if (sampler.ShouldAnalyse(frame.StreamTime)) return true;
            frame.Release();
            return false;
        });
        var counters = stages.Counters;
        if (keepNewest) sampled = sampled.Via(new LatestFrameBuffer(() => counters.FrameDropped(FrameDropReason.Replaced)));
        return sampled.ToMaterialized(Analysis(stages), Keep.Right);
    }

    private static Sink<VideoFrame, Task> Analysis(CameraGraphStages stages) =>
        Flow.FromGraph(new FrameAnalysisStage(stages.Analyser, stages.Analysis))
            .ToMaterialized(Sink.FromGraph(new EventRecordStage(stages.Recording)), Keep.Right);
}
