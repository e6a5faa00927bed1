using ActorVision.Common;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Media;
using Google.Protobuf.WellKnownTypes;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Protocol.Mapping;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// Cameras as the API shows them. Every URL that may carry credentials (the source, the RTSP publish target, and
/// URLs quoted in a failure reason) is redacted here, the one place every camera reply goes through.
/// </summary>
public static class CameraViews
{
    public static V1.Camera ToProto(CameraView view) => new()
    {
        Spec = RedactedSpec(view.Spec),
        Status = ToStatus(view),
    };

    public static V1.Camera ToProto(CameraLookup lookup) => lookup.View is { } view
        ? ToProto(view)
        : new V1.Camera
        {
            Spec = new V1.CameraSpec { Id = lookup.CameraId },
            Status = new V1.CameraStatus
            {
                CameraId = lookup.CameraId,
                State = V1.CameraState.Unspecified,
                Reason = lookup.Problem ?? "",
            },
        };

    public static V1.CameraSpec RedactedSpec(Core.Cameras.CameraSpec spec)
    {
        var proto = CameraSpecMapping.ToProto(spec);
        proto.SourceUrl = UrlRedaction.Redact(proto.SourceUrl);
        proto.Outputs.RtspPublishUrl = UrlRedaction.Redact(proto.Outputs.RtspPublishUrl);
        return proto;
    }

    public static V1.CameraStatus ToStatus(CameraView view)
    {
        var status = view.Status;
        var statistics = status.Statistics;
        var proto = new V1.CameraStatus
        {
            CameraId = view.Spec.Id,
            State = ToProto(status.State),
            Reason = UrlRedaction.RedactInText(status.Reason ?? ""),
            Node = status.Node,
            FpsIn = statistics.FpsIn,
            FpsAnalysed = statistics.FpsAnalysed,
            FpsOut = statistics.FpsOut,
            FramesIn = statistics.FramesIn,
            FramesAnalysed = statistics.FramesAnalysed,
            FramesDropped = statistics.FramesDropped,
            LatencyMsP50 = statistics.LatencyP50Milliseconds,
            LatencyMsP95 = statistics.LatencyP95Milliseconds,
            Reconnects = statistics.Reconnects,
            SnapshotsSkipped = statistics.SnapshotsSkipped,
            RecordingFramesSkipped = statistics.RecordingFramesSkipped,
            EventsTotal = status.EventsTotal,
            LastEvent = status.LastEvent is { } last ? AnalyticsEventMapping.ToProto(last) : null,
            Since = status.Since == default ? null : Timestamp.FromDateTime(DateTime.SpecifyKind(status.Since, DateTimeKind.Utc)),
            ManagedBy = ManagedBy(view.Owner),
            NextAttempt = status.NextAttempt is { } next ? Timestamp.FromDateTime(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null,
        };
        proto.Counters.Add(status.Counters);
        return proto;
    }

    public static string ManagedBy(CameraOwner owner) => owner == CameraOwner.File ? "file" : "api";

    private static V1.CameraState ToProto(CameraRunState state) => state switch
    {
        CameraRunState.Stopped => V1.CameraState.Stopped,
        CameraRunState.Starting => V1.CameraState.Starting,
        CameraRunState.Running => V1.CameraState.Running,
        CameraRunState.Reconnecting => V1.CameraState.Reconnecting,
        CameraRunState.Failed => V1.CameraState.Failed,
        CameraRunState.Completed => V1.CameraState.Completed,
        _ => V1.CameraState.Unspecified,
    };
}
