using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using ActorVision.Core.Cameras;
using ActorVision.Core.Imaging;
using ActorVision.Cluster.Storage;
using ActorVision.Media;
using ActorVision.Media.Sinks;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The output branch of a camera: draws the overlay on the encoder's own copy of each frame and encodes it once for
/// every configured output (HLS, RTSP publish, MP4). While the source is down it keeps the outputs alive with a
/// "reconnecting" slate; while the node's disk space is low the MP4 recordings pause. Encoding blocks, so the stage runs
/// on a thread of its own (<see cref="DispatcherId"/>).
/// </summary>
public static class AnnotatedOutput
{
    /// <summary>Dispatcher of the encoder stage: a thread per camera with video outputs.</summary>
    public const string DispatcherId = "actorvision.encoder-dispatcher";

    /// <param name="outputs">Where the stream goes, resolved by the node's output policy (<see cref="CameraPaths"/>).</param>
    /// <param name="storage">While the node's disk space is low, the MP4 recordings pause (live outputs go on).</param>
    public static Sink<VideoFrame, Task> Sink(CameraSpec spec, IReadOnlyList<SinkOutput> outputs, FrameAnalyser analyser, PipelineCounters counters, SourceHandle source,
        NodeStorage storage) =>
        Akka.Streams.Dsl.Sink.FromGraph(new EncoderStage(spec, outputs, analyser, counters, source, storage))
            .WithAttributes(ActorAttributes.CreateDispatcher(DispatcherId).And(Attributes.CreateInputBuffer(1, 1)))
            .Async();

    private sealed class EncoderStage : GraphStageWithMaterializedValue<SinkShape<VideoFrame>, Task>
    {
        private readonly CameraSpec _spec;
        private readonly IReadOnlyList<SinkOutput> _outputs;
        private readonly FrameAnalyser _analyser;
        private readonly PipelineCounters _counters;
        private readonly SourceHandle _source;
        private readonly NodeStorage _storage;

        public EncoderStage(CameraSpec spec, IReadOnlyList<SinkOutput> outputs, FrameAnalyser analyser, PipelineCounters counters, SourceHandle source,
            NodeStorage storage)
        {
            _storage = storage;
            _spec = spec;
            _outputs = outputs;
            _analyser = analyser;
            _counters = counters;
            _source = source;
            Shape = new SinkShape<VideoFrame>(In);
        }

        public Inlet<VideoFrame> In { get; } = new("AnnotatedOutput.in");
        public override SinkShape<VideoFrame> Shape { get; }

        public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
        {
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new LogicAndMaterializedValue<Task>(new Logic(this, completion), completion.Task);
        }

        private sealed class Logic : TimerGraphStageLogic, IInHandler
        {
            private static readonly TimeSpan SlateAfter = TimeSpan.FromSeconds(1);
            private readonly EncoderStage _stage;
            private readonly TaskCompletionSource _completion;
            private readonly CameraOverlay _overlay;
            private FrameSink? _sink;
            private bool _records;
            private static readonly TimeSpan SlateInterval = TimeSpan.FromMilliseconds(200);
            private DateTime _lastFrame = DateTime.UtcNow;

            public Logic(EncoderStage stage, TaskCompletionSource completion) : base(stage.Shape)
            {
                _stage = stage;
                _completion = completion;
                _overlay = new CameraOverlay(() => stage._analyser.Rules);
                SetHandler(stage.In, this);
            }

            public override void PreStart()
            {
                Pull(_stage.In);
                // A file is never "reconnecting": a pause means analysis is slow, and the recording must not show slates.
                if (_stage._spec.Mode == SourceMode.Live) ScheduleRepeatedly("slate", SlateInterval, SlateInterval);
            }

            public void OnPush()
            {
                var frame = Grab(_stage.In);
                try
                {
                    if (_sink is null)
                    {
                        _sink = Open(frame);
                        _records = _sink.HasRecording;
                    }
                    if (_records)
                    {
                        var paused = _stage._storage.WritesPaused;
                        _sink.RecordingPaused = paused;
                        if (paused) _stage._counters.RecordingFrameSkippedForSpace();
                    }
                    var state = (_overlay, _stage._analyser.Overlay, frame.Width, frame.Height);
                    _sink.Write(frame, state, CameraOverlay.Draw);
                    _stage._counters.FrameEncoded();
                    _lastFrame = DateTime.UtcNow;
                }
                catch (MediaException ex) when (_sink is not null)
                {
                    // Outputs reconnect on their own; this frame is lost to them, the camera goes on.
                    Log.Warning("annotated output of camera {0}: {1}", _stage._spec.Id, ex.Message);
                }
                catch (Exception ex)
                {
                    // An encoder that cannot even open fails the camera with the reason.
                    frame.Release();
                    _completion.TrySetException(ex);
                    FailStage(ex);
                    return;
                }
                frame.Release();
                Pull(_stage.In);
            }

            public void OnUpstreamFinish()
            {
                _sink?.Complete();
                CompleteStage();
            }

            public void OnUpstreamFailure(Exception e)
            {
                _completion.TrySetException(e);
                FailStage(e);
            }

            protected override void OnTimer(object timerKey)
            {
                if (_sink is null || DateTime.UtcNow - _lastFrame < SlateAfter) return;
                try
                {
                    _sink.WriteSlate($"{_stage._spec.DisplayName}: reconnecting");
                }
                catch (MediaException ex)
                {
                    Log.Warning("annotated output of camera {0}: {1}", _stage._spec.Id, ex.Message);
                }
            }

            private FrameSink Open(VideoFrame first)
            {
                var fps = _stage._source.Info?.FrameRate is > 0 and var known ? known : 25;
                var options = new FrameSinkOptions(first.Width, first.Height)
                {
                    FrameRate = fps,
                    BitRate = _stage._spec.Outputs.BitrateKbps * 1000L,
                };
                return FrameSink.Open(options, _stage._outputs);
            }

            public override void PostStop()
            {
                try
                {
                    _sink?.Dispose();
                    _completion.TrySetResult();
                }
                catch (Exception ex)
                {
                    _completion.TrySetException(ex);
                }
            }
        }
    }
}
