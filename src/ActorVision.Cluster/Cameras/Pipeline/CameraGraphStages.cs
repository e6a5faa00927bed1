using Akka.Streams.Dsl;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>The per-camera pieces <see cref="CameraGraph"/> wires together.</summary>
public sealed record CameraGraphStages
{
    public required FrameAnalyser Analyser { get; init; }
    public required PipelineCounters Counters { get; init; }
    /// <summary>Window, deadlines, idle marker and what happens to frames that got no detections.</summary>
    public required FrameAnalysisOptions Analysis { get; init; }
    /// <summary>The entity that persists the events, snapshots, live view.</summary>
    public required EventRecordOptions Recording { get; init; }
    /// <summary>The annotated video outputs, if any (an asynchronous sink of its own).</summary>
    public Sink<VideoFrame, Task>? VideoOutput { get; init; }
}
