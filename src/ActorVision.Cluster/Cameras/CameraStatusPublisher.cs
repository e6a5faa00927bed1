using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using ActorVision.Cluster.Telemetry;
using ActorVision.Common;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Cameras;

/// <summary>
/// Tells the cluster (dashboards of every node, on the <see cref="Topic"/> topic), this node's metrics and its capacity
/// estimate (<see cref="CameraUsage"/> on the event stream) what a camera is doing. The source URL and reasons quoting
/// URLs go out with their credentials removed.
/// </summary>
public sealed class CameraStatusPublisher(ActorSystem system)
{
    /// <summary>Distributed pub/sub topic of <see cref="CameraStatusUpdate"/> and <see cref="CameraForgotten"/>.</summary>
    public const string Topic = "camera-status";

    private readonly IActorRef _mediator = DistributedPubSub.Get(system).Mediator;
    private readonly ActorVisionMetrics _metrics = ActorVisionMetrics.Get(system);
    private readonly EventStream _events = system.EventStream;

    /// <summary>The camera's status now; a camera that does not exist (any more) is forgotten.</summary>
    public void Publish(string cameraId, CameraSpec? spec, CameraStatus status)
    {
        if (spec is null)
        {
            _metrics.CameraGone(cameraId);
            _events.Publish(new CameraUsageEnded(cameraId));
            _mediator.Tell(new Publish(Topic, new CameraForgotten(cameraId)));
            return;
        }
        var statistics = status.Statistics;
        _events.Publish(new CameraUsage(spec, status.State is CameraRunState.Starting or CameraRunState.Running or CameraRunState.Reconnecting,
            statistics.FramesAnalysed, statistics.FramesDropped));
        _metrics.CameraStateChanged(spec.Id, status.State);
        _mediator.Tell(new Publish(Topic, new CameraStatusUpdate(
            spec.Id, spec.DisplayName, UrlRedaction.Redact(spec.SourceUrl), spec.Mode == SourceMode.Live, spec.Outputs.Snapshots,
            status.Reason is { } reason ? status with { Reason = UrlRedaction.RedactInText(reason) } : status)));
    }

    /// <summary>The camera's entity stopped on this node (passivated, moved, node leaving): its metric series go.</summary>
    public void Stopped(string cameraId)
    {
        _metrics.CameraGone(cameraId);
        _events.Publish(new CameraUsageEnded(cameraId));
    }
}
