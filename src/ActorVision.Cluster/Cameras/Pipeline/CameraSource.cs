using System.Diagnostics;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Util;
using ActorVision.Core.Cameras;
using ActorVision.Core.Imaging;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The decode stage of a camera: FFmpeg demux and decode on a dedicated thread (a pinned dispatcher: each camera's
/// blocking reads get a thread of their own, never the shared default dispatcher). A live source that fails
/// restarts on its own with exponential backoff and jitter while the rest of the graph (tracker, rules, encoder)
/// keeps running. A file source is read on demand, so a slow pipeline slows the decoder instead of dropping frames.
/// </summary>
public static class CameraSource
{
    /// <summary>Dispatcher of the decode stage: a thread per camera source.</summary>
    public const string DispatcherId = "actorvision.camera-source-dispatcher";

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
        // Frames in flight at once: boundary buffers, the keep-newest stages, detect parallelism, the encoder.
        FramePoolSize = 16,
    };

    /// <param name="skipFrames">File mode: decode and discard this many frames first (a job resuming after its checkpoint).</param>
    public static Source<VideoFrame, NotUsed> Create(
        CameraSpec spec, FrameSourceOptions options, CameraRuntimeSettings settings, ISourceObserver observer, long skipFrames = 0)
    {
        var source = spec.Mode == SourceMode.File
            ? Decode(options, observer, skipFrames)
            : RestartSource.WithBackoff(
                () => Decode(options, observer, 0),
                RestartSettings.Create(settings.ReconnectMinBackoff, settings.ReconnectMaxBackoff, settings.ReconnectRandomFactor));
        // The restart wrapper fuses its inner source into its own island, so the dispatcher goes on the outside;
        // the async boundary keeps the blocking reads off the stages downstream.
        return source.WithAttributes(ActorAttributes.CreateDispatcher(DispatcherId)).Async();
    }

    private static Source<VideoFrame, NotUsed> Decode(FrameSourceOptions options, ISourceObserver observer, long skipFrames) =>
        Source.UnfoldResource<VideoFrame, FrameSource>(
                () => Open(options, observer, skipFrames),
                source => Read(source, observer),
                source =>
                {
                    observer.Current(null);
                    source.Dispose();
                })
            .WithAttributes(ActorAttributes.CreateDispatcher(DispatcherId));

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

    private static Option<VideoFrame> Read(FrameSource source, ISourceObserver observer)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var frame = source.ReadFrame();
            if (frame is not null) observer.FrameRead(Stopwatch.GetElapsedTime(started));
            return frame is null ? Option<VideoFrame>.None : Option<VideoFrame>.Create(frame);
        }
        catch (MediaException ex)
        {
            observer.Failed(ex);
            throw;
        }
    }
}
