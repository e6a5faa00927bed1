using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Core.Cameras;
using ActorVision.Core.Imaging;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The decode stage of a camera: FFmpeg demux and decode on a thread of the source's own (each camera's blocking reads
/// get a thread, never a shared pool). A live source that fails restarts on its own with exponential backoff and
/// jitter while the rest of the graph (tracker, rules, encoder) keeps running. A file source is read on demand, so a
/// slow pipeline slows the decoder instead of dropping frames.
/// </summary>
public static class CameraSource
{
    public static FrameSourceOptions Options(CameraSpec spec, CameraRuntimeSettings settings, double? maxFps) => new(spec.SourceUrl)
    {
        RtspTransport = spec.RtspTransport,
        OutputWidth = spec.AnalysisWidth > 0 ? spec.AnalysisWidth : spec.AnalysisHeight > 0 ? null : settings.DefaultAnalysisWidth,
        OutputHeight = spec.AnalysisHeight > 0 ? spec.AnalysisHeight : null,
        OutputFormat = PixelFormat.Rgb24,
        // A source-sized (or aspect-derived) output is scaled down to the node's budget; explicit sizes were checked.
        MaxOutputPixels = settings.Limits.MaxAnalysisPixels,
        MaxFps = maxFps,
        DecoderThreads = 1,
        OpenTimeout = settings.OpenTimeout,
        ReadTimeout = settings.ReadTimeout,
        Live = spec.Mode == SourceMode.Live ? null : false,
        LoopFile = spec.Mode == SourceMode.File && spec.Loop,
        // Frames in flight at once: the decoder's slot (a file) or the one the graph converts (live), the keep-newest
        // stages beside an output, the analysis window and the recording stage, the encoder and its boundary, a
        // snapshot being written, the live view. A camera pipeline draws from the node's shared pools instead.
        FramePoolSize = 16,
        MaxDecodeLag = settings.MaxDecodeLag,
        CatchUpKeyframeInterval = settings.CatchUpKeyframeInterval,
    };

    /// <summary>
    /// The frames of the camera's source, decoded on a thread of the source's own (<see cref="DecodeStage"/>): the graph
    /// fused with it never blocks. A live source never waits for the graph: a frame the graph has not taken when the
    /// next one is decoded is replaced and reported to <paramref name="replaced"/>.
    /// </summary>
    /// <param name="skipFrames">File mode: decode and discard this many frames first (a job resuming after its checkpoint).</param>
    /// <param name="behind">Live mode: frames the decoder dropped to catch up with real time (<see cref="FrameSource.FramesBehind"/>).</param>
    public static Source<VideoFrame, NotUsed> Create(
        CameraSpec spec, FrameSourceOptions options, CameraRuntimeSettings settings, ISourceObserver observer, long skipFrames = 0, Action? replaced = null,
        Action<long>? behind = null)
    {
        var live = spec.Mode == SourceMode.Live;
        Source<VideoFrame, NotUsed> Decode(long skip) =>
            Source.FromGraph(new DecodeStage(() => Open(options, observer, skip), observer, live, replaced ?? (() => { }), "decode " + spec.Id, behind));
        return live
            ? RestartSource.WithBackoff(
                () => Decode(0),
                RestartSettings.Create(settings.ReconnectMinBackoff, settings.ReconnectMaxBackoff, settings.ReconnectRandomFactor))
            : Decode(skipFrames);
    }

    private static FrameSource Open(FrameSourceOptions options, ISourceObserver observer, long skipFrames)
    {
        FrameSource? source = null;
        try
        {
            source = FrameSource.Open(options);
            observer.Current(source);
            observer.Opened(source.Info);
            if (skipFrames > 0) source.SkipFrames(skipFrames);
            return source;
        }
        catch (MediaException ex)
        {
            if (source is not null)
            {
                observer.Current(null);
                source.Dispose();
            }
            observer.Failed(ex);
            throw;
        }
    }
}
