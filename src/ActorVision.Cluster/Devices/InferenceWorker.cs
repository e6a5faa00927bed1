using System.Diagnostics;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using Akka.Actor;
using Akka.Event;

namespace ActorVision.Cluster.Devices;

/// <summary>
/// Owns one detector (one ONNX Runtime session) and runs the batches its <see cref="DeviceRouter"/> sends, one at
/// a time, on the blocking dispatcher. It answers each requester directly, releases the frames, and reports to the
/// router. A failing batch is answered with <see cref="DetectFailed"/> and then rethrown, so the router's
/// supervisor restarts the worker with a fresh session.
/// </summary>
public sealed class InferenceWorker : ReceiveActor
{
    private readonly ModelSpec _spec;
    private readonly Func<ModelSpec, IObjectDetector>? _createDetector;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DetectionBatch _results = new();
    private IObjectDetector? _detector;
    private VideoFrame[] _frames = [];

    /// <param name="createDetector">Null opens the spec's ONNX detector, logging provider fallback to the Akka log.</param>
    public InferenceWorker(ModelSpec spec, Func<ModelSpec, IObjectDetector>? createDetector)
    {
        _spec = spec;
        _createDetector = createDetector;
        Receive<RunBatch>(Run);
    }

    public static Props Props(ModelSpec spec, Func<ModelSpec, IObjectDetector>? createDetector, string dispatcher) =>
        Akka.Actor.Props.Create(() => new InferenceWorker(spec, createDetector)).WithDispatcher(dispatcher);

    protected override void PreStart()
    {
        try
        {
            _detector = _createDetector is null ? DetectorFactory.Create(_spec, new AkkaLoggerBridge(_log)) : _createDetector(_spec);
        }
        catch (Exception ex)
        {
            // Loading again will not help (missing file, provider not allowed to fall back): tell the router and stop.
            _log.Error(ex, "Model {0}: cannot create the session", _spec.Name);
            Context.Parent.Tell(new WorkerUnavailable(ex.Message));
            Context.Stop(Self);
            return;
        }
        _frames = new VideoFrame[_detector.MaxBatch == int.MaxValue ? 1 : Math.Max(1, _detector.MaxBatch)];
        var provider = _detector is OnnxDetector onnx ? onnx.Provider.ToString() : "cpu";
        Context.Parent.Tell(new WorkerReady(_detector.MaxBatch, provider));
    }

    protected override void PostStop()
    {
        _detector?.Dispose();
        _detector = null;
    }

    private void Run(RunBatch batch)
    {
        var requests = batch.Requests;
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (_detector is null) throw new InvalidOperationException($"model '{_spec.Name}' has no session");
            if (_frames.Length < requests.Length) _frames = new VideoFrame[requests.Length];
            for (var i = 0; i < requests.Length; i++) _frames[i] = requests[i].Request.Frame;
            _detector.Detect(_frames.AsSpan(0, requests.Length), _results);
        }
        catch (Exception ex)
        {
            var error = $"model '{_spec.Name}' failed on a batch of {requests.Length}: {ex.GetType().Name}: {ex.Message}";
            Context.Parent.Tell(new BatchFailed(batch.BatchId, requests.Length, error));
            ReleaseFrames(requests);
            foreach (var r in requests) r.ReplyTo.Tell(new DetectFailed(_spec.Name, r.Request.CorrelationId, error));
            throw new InferenceBatchException(error, ex);
        }

        var inference = Stopwatch.GetElapsedTime(started);
        // The router first, so it can send the next batch while the replies go out.
        Context.Parent.Tell(new BatchCompleted(batch.BatchId, requests.Length, inference));
        // Frames go back before the replies, so a requester that sees its reply also sees the router's hold released.
        ReleaseFrames(requests);
        for (var i = 0; i < requests.Length; i++)
        {
            var r = requests[i];
            var queued = Stopwatch.GetElapsedTime(r.ReceivedTicks, started);
            r.ReplyTo.Tell(DetectResult.Rent(_spec.Name, r.Request.CorrelationId, _results.For(i), requests.Length, queued, inference));
        }
    }

    private void ReleaseFrames(PendingRequest[] requests)
    {
        Array.Clear(_frames);
        foreach (var r in requests) r.Request.Frame.Release();
    }
}
