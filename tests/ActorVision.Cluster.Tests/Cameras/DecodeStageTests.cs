using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Imaging;
using ActorVision.Media;
using ActorVision.Tests;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// A live decode stage whose graph asks for a picture and is then kept busy (a saturated node's analysis threads) while
/// the camera delivers several: the graph gets the newest, converted when it runs, and no picture is converted for it
/// in the meantime (each would age while the graph thread is busy and be replaced by the next).
/// </summary>
public sealed class DecodeStageTests : TestKit
{
    private const int Frames = 5;
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void A_live_graph_kept_busy_after_asking_gets_one_conversion_per_frame_it_takes()
    {
        var observer = new PacedReader(TimeSpan.FromMilliseconds(20)); // a camera at 50 fps
        var replaced = 0;
        var options = new FrameSourceOptions(TestAssets.ScriptedCrossing) { OutputWidth = 320 };
        FrameSource Open()
        {
            var source = FrameSource.Open(options);
            observer.Current(source);
            return source;
        }
        var done = Source.FromGraph(new DecodeStage(Open, observer, live: true, () => Interlocked.Increment(ref replaced), "decode test"))
            .RunWith(Sink.FromGraph(new BusyGraph(Frames, Busy)), Sys.Materializer());

        var taken = done.Result;
        Assert.Equal(Frames, taken.Count);
        // ~12 pictures arrive while the graph is busy each time: replaced unconverted, the newest converted once taken.
        Assert.True(Volatile.Read(ref replaced) >= Frames, $"{replaced} replaced");
        Assert.Equal(Frames, observer.Last!.FramesConverted);
        Assert.True(taken.Zip(taken.Skip(1)).All(pair => pair.Item2 > pair.Item1 + 5), $"sequences {string.Join(", ", taken)}: each the newest, not the next");
    }

    /// <summary>Slows the reading thread down to a camera's pace and remembers the source.</summary>
    private sealed class PacedReader(TimeSpan pause) : ISourceObserver
    {
        public FrameSource? Last { get; private set; }
        public void Opened(StreamInfo info) { }
        public void Failed(MediaException error) { }
        public void Current(FrameSource? source) => Last = source ?? Last;
        public void FrameRead(TimeSpan elapsed) => Thread.Sleep(pause);
    }

    /// <summary>Takes <c>count</c> frames; after each it asks for the next at once, then keeps the graph's thread busy
    /// for <c>busy</c> (its own callback, run by the same interpreter after the request). Completes with the sequences.</summary>
    private sealed class BusyGraph(int count, TimeSpan busy) : GraphStageWithMaterializedValue<SinkShape<VideoFrame>, Task<List<long>>>
    {
        private readonly Inlet<VideoFrame> _in = new("busy.in");
        public override SinkShape<VideoFrame> Shape => new(_in);
        private int Count => count;
        private TimeSpan BusyFor => busy;

        public override ILogicAndMaterializedValue<Task<List<long>>> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
        {
            var done = new TaskCompletionSource<List<long>>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new LogicAndMaterializedValue<Task<List<long>>>(new Logic(this, done), done.Task);
        }

        private sealed class Logic : InGraphStageLogic
        {
            private readonly BusyGraph _stage;
            private readonly TaskCompletionSource<List<long>> _done;
            private readonly List<long> _taken = [];
            private Action _keepBusy = () => { };

            public Logic(BusyGraph stage, TaskCompletionSource<List<long>> done) : base(stage.Shape)
            {
                _stage = stage;
                _done = done;
                SetHandler(stage._in, this);
            }

            public override void PreStart()
            {
                _keepBusy = GetAsyncCallback(() => Thread.Sleep(_stage.BusyFor));
                Pull(_stage._in);
            }

            public override void OnPush()
            {
                var frame = Grab(_stage._in);
                _taken.Add(frame.Sequence);
                frame.Release();
                if (_taken.Count == _stage.Count)
                {
                    _done.TrySetResult(_taken);
                    CompleteStage();
                    return;
                }
                Pull(_stage._in);
                _keepBusy();
            }
        }
    }
}
