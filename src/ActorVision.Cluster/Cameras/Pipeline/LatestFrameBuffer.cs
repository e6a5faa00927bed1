using Akka.Streams;
using Akka.Streams.Stage;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Keeps only the newest frame for a slow consumer, so a live camera never builds latency: it always pulls
/// upstream, and a frame replaced before anyone took it goes back to its pool and counts as dropped.
/// This is what <c>Conflate</c> does, plus returning pooled frames and counting the drops.
/// </summary>
public sealed class LatestFrameBuffer : GraphStage<FlowShape<VideoFrame, VideoFrame>>
{
    private readonly Action _onDrop;

    public LatestFrameBuffer(Action onDrop)
    {
        _onDrop = onDrop;
        Shape = new FlowShape<VideoFrame, VideoFrame>(In, Out);
    }

    public Inlet<VideoFrame> In { get; } = new("LatestFrameBuffer.in");
    public Outlet<VideoFrame> Out { get; } = new("LatestFrameBuffer.out");
    public override FlowShape<VideoFrame, VideoFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("latestFrameBuffer");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly LatestFrameBuffer _stage;
        private VideoFrame? _pending;

        public Logic(LatestFrameBuffer stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PreStart() => Pull(_stage.In);

        public override void OnPush()
        {
            var frame = Grab(_stage.In);
            if (IsAvailable(_stage.Out))
            {
                Push(_stage.Out, frame);
            }
            else
            {
                if (_pending is not null)
                {
                    _pending.Release();
                    _stage._onDrop();
                }
                _pending = frame;
            }
            Pull(_stage.In);
        }

        public override void OnPull()
        {
            if (_pending is null)
            {
                if (IsClosed(_stage.In)) CompleteStage();
                return;
            }
            Push(_stage.Out, _pending);
            _pending = null;
            if (IsClosed(_stage.In)) CompleteStage();
        }

        public override void OnUpstreamFinish()
        {
            if (_pending is null) CompleteStage();
        }

        public override void PostStop()
        {
            _pending?.Release();
            _pending = null;
        }
    }
}
