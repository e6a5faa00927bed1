namespace ActorVision.Delivery.EventIndex;

/// <summary>Which events a query or subscription wants; an empty field matches everything. <see cref="To"/> is exclusive.</summary>
public sealed record EventQueryFilter(
    string CameraId = "",
    string RuleId = "",
    string Type = "",
    string JobId = "",
    DateTime? From = null,
    DateTime? To = null)
{
    public static EventQueryFilter All { get; } = new();

    public bool Matches(IndexedEvent e) =>
        (CameraId.Length == 0 || e.CameraId == CameraId)
        && (RuleId.Length == 0 || e.RuleId == RuleId)
        && (Type.Length == 0 || e.Type == Type)
        && (JobId.Length == 0 || e.JobId == JobId)
        && (From is not { } from || e.WallTime >= from)
        && (To is not { } to || e.WallTime < to);
}
