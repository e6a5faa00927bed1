using Akka.Actor;
using Akka.Event;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Paces the starts of this node's camera pipelines: at most a few open their sources at once, the rest wait their
/// turn (<see cref="StartPermits{T}"/>). Opening a source is the expensive part of a start (the connection, the probe
/// that decodes the first frames, the decoder's threads); a node that restarts a hundred remembered cameras at once
/// would otherwise spend seconds of every core on it, the journal's calls would wait behind them past their timeout,
/// and its circuit breaker would open and fail the cameras' recovery.
/// <para>
/// A pipeline asks with <see cref="RequestCameraStart"/>, starts on <see cref="CameraStartPermitted"/> and hands the
/// permit back with <see cref="CameraStartDone"/> once its source is open or it failed. A pipeline that stops, or
/// holds its permit past the start timeout (a source that never answers), loses it to the next in line.
/// </para>
/// </summary>
public sealed class CameraStartPacer : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly StartPermits<IActorRef> _permits;
    private readonly TimeSpan _startTimeout;

    public CameraStartPacer(int concurrency, TimeSpan startTimeout)
    {
        _permits = new StartPermits<IActorRef>(concurrency);
        _startTimeout = startTimeout;
        Receive<RequestCameraStart>(_ => Request(Sender));
        Receive<CameraStartDone>(_ => Release(Sender));
        Receive<Terminated>(t => Release(t.ActorRef));
        Receive<StartTimedOut>(t =>
        {
            _log.Warning("camera pipeline {0} did not finish starting within {1:0.#} s; the next camera starts", t.Pipeline.Path, _startTimeout.TotalSeconds);
            Release(t.Pipeline);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int concurrency, TimeSpan startTimeout) =>
        Akka.Actor.Props.Create(() => new CameraStartPacer(concurrency, startTimeout));

    private void Request(IActorRef pipeline)
    {
        Context.Watch(pipeline);
        if (_permits.Request(pipeline)) Grant(pipeline);
    }

    private void Release(IActorRef pipeline)
    {
        Timers.Cancel(pipeline);
        Context.Unwatch(pipeline);
        foreach (var next in _permits.Release(pipeline)) Grant(next);
    }

    private void Grant(IActorRef pipeline)
    {
        Timers.StartSingleTimer(pipeline, new StartTimedOut(pipeline), _startTimeout);
        pipeline.Tell(CameraStartPermitted.Instance);
    }

    private sealed record StartTimedOut(IActorRef Pipeline);
}
