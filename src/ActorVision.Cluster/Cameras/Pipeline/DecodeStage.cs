using System.Diagnostics;
using Akka.Streams;
using Akka.Streams.Stage;
using ActorVision.Core.Imaging;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// A <see cref="FrameSource"/> as a stream source whose blocking calls (open, demux, decode) run on a thread of its own,
/// which hands pictures to the stage one at a time. The stage itself never blocks, so the graph fused with it
/// runs on a shared dispatcher.
/// <list type="bullet">
/// <item>Live: the thread reads as fast as the source delivers and never waits for the graph. Every picture is kept
/// unconverted (<see cref="FrameSource.HoldPicture"/>) in place of the one before, and the graph converts the one kept
/// when it runs (<see cref="FrameSource.TakeHeldPicture"/>, a fraction of a millisecond); a graph that asked and found
/// none is woken once by the next. Every picture replaced before the graph took it is reported
/// (<see cref="DecodeStage"/>'s <c>replaced</c> callback): a busy graph gets the newest picture, never a queue, and a
/// saturated node spends neither a conversion nor a pooled frame on the pictures nobody takes, nor on one that would
/// wait for a busy graph thread (it would age there, and be converted again when a newer one came). A source whose
/// decoding falls behind real time drops frames itself to catch up (<see cref="FrameSourceOptions.MaxDecodeLag"/>),
/// reported to the <c>behind</c> callback.</item>
/// <item>File: the thread reads and converts one frame ahead of demand into the slot, so decoding overlaps analysis
/// and nothing is dropped.</item>
/// </list>
/// A failure (open, read) fails the stage with the <see cref="MediaException"/>; the end of a file completes it once
/// the last frame has been taken. Stopping the stage interrupts a blocked read and the thread frees the source.
/// </summary>
public sealed class DecodeStage : GraphStage<SourceShape<VideoFrame>>
{
    private readonly Func<FrameSource> _open;
    private readonly ISourceObserver _observer;
    private readonly bool _live;
    private readonly Action _replaced;
    private readonly Action<long> _behind;
    private readonly string _threadName;

    /// <param name="open">Opens the source (on the reading thread).</param>
    /// <param name="live">Read continuously and keep only the newest frame (true), or read on demand (false).</param>
    /// <param name="replaced">Live: called on the reading thread for every picture replaced before the graph asked for it.</param>
    /// <param name="behind">Called on the reading thread with the frames the source dropped to catch up with real time
    /// (<see cref="FrameSource.FramesBehind"/>) since the last call.</param>
    public DecodeStage(Func<FrameSource> open, ISourceObserver observer, bool live, Action replaced, string threadName, Action<long>? behind = null)
    {
        _open = open;
        _observer = observer;
        _live = live;
        _replaced = replaced;
        _behind = behind ?? (_ => { });
        _threadName = threadName;
        Shape = new SourceShape<VideoFrame>(Out);
    }

    public Outlet<VideoFrame> Out { get; } = new("DecodeStage.out");
    public override SourceShape<VideoFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("decode");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly DecodeStage _stage;
        // File mode: the reader may decode the next frame once the slot is empty.
        private readonly SemaphoreSlim _slotFree = new(1);
        private VideoFrame? _slot;
        // Live mode: the graph asked and found no picture; the reader wakes it, once, with the next one.
        private volatile bool _asking;
        private volatile bool _woken;
        private volatile bool _stopped;
        private volatile bool _ended;
        private volatile FrameSource? _source;
        private Action _frameReady = () => { };
        private Action<Exception> _failed = _ => { };

        public Logic(DecodeStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            _frameReady = GetAsyncCallback(Deliver);
            _failed = GetAsyncCallback<Exception>(FailStage);
            new Thread(ReadLoop) { IsBackground = true, Name = _stage._threadName }.Start();
        }

        public override void OnPull() => Deliver();

        /// <summary>On the stage's thread, when asked: live, converts the held picture and hands it on; file, hands the
        /// slot's frame on. Completes once a finished file is drained.</summary>
        private void Deliver()
        {
            if (_stage._live)
            {
                if (!IsAvailable(_stage.Out)) return;
                // Asking first: a picture held after the take below finds the flag set and wakes the stage; one held
                // before it is taken here.
                _woken = false;
                _asking = true;
                if (_source?.TakeHeldPicture() is { } picture)
                {
                    _asking = false;
                    Push(_stage.Out, picture);
                }
                // A camera in live mode on a source that is not live (a file) completes at its end.
                else if (_ended)
                {
                    CompleteStage();
                }
                return;
            }
            if (IsAvailable(_stage.Out) && Interlocked.Exchange(ref _slot, null) is { } frame)
            {
                _slotFree.Release();
                Push(_stage.Out, frame);
            }
            if (_ended && Volatile.Read(ref _slot) is null) CompleteStage();
        }

        private void ReadLoop()
        {
            try
            {
                _source = _stage._open();
                if (_stopped) return;
                var behind = 0L;
                var catchUps = 0L;
                while (!_stopped)
                {
                    if (!_stage._live) _slotFree.Wait();
                    if (_stopped) return;
                    var started = Stopwatch.GetTimestamp();
                    var read = _source.ReadPicture();
                    if (_source.FramesBehind != behind)
                    {
                        _stage._behind(_source.FramesBehind - behind);
                        behind = _source.FramesBehind;
                    }
                    if (_source.CatchUps != catchUps)
                    {
                        catchUps = _source.CatchUps;
                        _stage._observer.FellBehind(_source.CatchUpLag);
                    }
                    if (!read)
                    {
                        _ended = true;
                        _frameReady();
                        return;
                    }
                    if (_stage._live)
                    {
                        _stage._observer.FrameRead(Stopwatch.GetElapsedTime(started));
                        // Kept unconverted, in place of whatever the graph has not taken: it only ever gets the newest.
                        if (_source.HoldPicture()) _stage._replaced();
                        // Read after the hold (the stage sets it before taking): a graph that asked either took the
                        // picture already or is woken here, once however many pictures come before it runs.
                        if (_asking && !_woken)
                        {
                            _woken = true;
                            _frameReady();
                        }
                        continue;
                    }
                    var frame = _source.ConvertPicture();
                    _stage._observer.FrameRead(Stopwatch.GetElapsedTime(started));
                    Volatile.Write(ref _slot, frame);
                    _frameReady();
                }
            }
            catch (MediaException ex)
            {
                if (_stopped) return;
                // Opening reports its own failures (CameraSource.Open); reading is reported here.
                if (_source is not null) _stage._observer.Failed(ex);
                _failed(ex);
            }
            catch (Exception ex)
            {
                if (!_stopped) _failed(ex);
            }
            finally
            {
                if (_source is { } source)
                {
                    _stage._observer.Current(null);
                    source.Dispose();
                }
                // A frame read while the stage stopped.
                if (_stopped) Interlocked.Exchange(ref _slot, null)?.Release();
            }
        }

        public override void PostStop()
        {
            _stopped = true;
            _source?.Interrupt();
            _slotFree.Release();
            Interlocked.Exchange(ref _slot, null)?.Release();
        }
    }
}
