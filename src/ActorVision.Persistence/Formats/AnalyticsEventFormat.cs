using ActorVision.Common.Time;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using Google.Protobuf.WellKnownTypes;
using Proto = ActorVision.Persistence.Formats.Proto;

namespace ActorVision.Persistence.Formats;

/// <summary>Analytics events in the journals' and the wire's own format; an event reads back as it was written.</summary>
internal static class AnalyticsEventFormat
{
    /// <param name="jobId">Set for a job's events: they carry <c>job_id</c> and no camera (a job's rule engine runs
    /// under the job's id, so <see cref="AnalyticsEvent.CameraId"/> is the job id).</param>
    public static Proto.AnalyticsEvent ToProto(AnalyticsEvent e, string? jobId = null)
    {
        var proto = new Proto.AnalyticsEvent
        {
            Id = e.Id.ToString(),
            CameraId = jobId is null ? e.CameraId : "",
            JobId = jobId ?? "",
            RuleId = e.RuleId,
            RuleName = e.RuleName,
            Type = e.EventType.ToString(),
            Label = e.Label ?? "",
            WallTime = Timestamp.FromDateTime(UnixTime.AsUtc(e.WallTime)),
            StreamTime = Duration.FromTimeSpan(e.StreamTime),
            Dwell = e.Dwell is { } dwell ? Duration.FromTimeSpan(dwell) : null,
            Duration = e.Duration is { } duration ? Duration.FromTimeSpan(duration) : null,
            Direction = e.Direction is { } direction ? (Proto.CrossingDirection)(int)direction : Proto.CrossingDirection.Both,
            Condition = e.Condition is { } condition ? condition.ToString() : "",
        };
        if (e.TrackId is { } track) proto.TrackId = track;
        if (e.Confidence is { } confidence) proto.Confidence = confidence;
        if (e.Box is { } box) proto.Box = new Proto.Box { X1 = box.X1, Y1 = box.Y1, X2 = box.X2, Y2 = box.Y2 };
        if (e.InCount is { } inCount) proto.InCount = inCount;
        if (e.OutCount is { } outCount) proto.OutCount = outCount;
        if (e.Occupancy is { } occupancy) proto.Occupancy = occupancy;
        return proto;
    }

    public static AnalyticsEvent FromProto(Proto.AnalyticsEvent proto) => new()
    {
        Id = Guid.Parse(proto.Id),
        CameraId = proto.CameraId.Length > 0 ? proto.CameraId : proto.JobId,
        RuleId = proto.RuleId,
        RuleName = proto.RuleName,
        EventType = System.Enum.Parse<AnalyticsEventType>(proto.Type),
        TrackId = proto.HasTrackId ? proto.TrackId : null,
        Label = proto.Label.Length > 0 ? proto.Label : null,
        Confidence = proto.HasConfidence ? proto.Confidence : null,
        WallTime = proto.WallTime.ToDateTime(),
        StreamTime = proto.StreamTime.ToTimeSpan(),
        Box = proto.Box is { } box ? new BoxF(box.X1, box.Y1, box.X2, box.Y2) : null,
        Dwell = proto.Dwell?.ToTimeSpan(),
        Duration = proto.Duration?.ToTimeSpan(),
        Direction = proto.Direction == Proto.CrossingDirection.Both ? null : (CrossingDirection)(int)proto.Direction,
        InCount = proto.HasInCount ? proto.InCount : null,
        OutCount = proto.HasOutCount ? proto.OutCount : null,
        Occupancy = proto.HasOccupancy ? proto.Occupancy : null,
        Condition = proto.Condition.Length > 0 ? System.Enum.Parse<CameraCondition>(proto.Condition) : null,
    };
}
