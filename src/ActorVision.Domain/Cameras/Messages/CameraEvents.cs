using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Rules;
using ActorVision.Domain.Analytics;

namespace ActorVision.Domain.Cameras.Messages;

/// <summary>
/// Facts in a camera's journal. Serialised with protobuf by <c>CameraJournalSerializer</c> under stable manifests,
/// so renaming these classes cannot corrupt history.
/// </summary>
public interface ICameraEvent;

public sealed record CameraRegistered(CameraSpec Spec, CameraOwner Owner, DateTime At) : ICameraEvent;

public sealed record CameraUpdated(CameraSpec Spec, DateTime At) : ICameraEvent;

public sealed record CameraRulesReplaced(IReadOnlyList<RuleSpec> Rules, DateTime At) : ICameraEvent;

public sealed record CameraStarted(DateTime At) : ICameraEvent;

public sealed record CameraStopped(DateTime At) : ICameraEvent;

public sealed record CameraRemoved(DateTime At) : ICameraEvent;

/// <summary>
/// A file-mode camera read its file to the end: it no longer should run, so a restart or a move to another node does
/// not play the file again (and record its events twice). Starting the camera again plays it again.
/// </summary>
public sealed record CameraFileCompleted(long Frames, DateTime At) : ICameraEvent;

/// <summary>An analytics event the camera's rules produced. Tagged for the global event stream.</summary>
public sealed record AnalyticsEventRecorded(AnalyticsEvent Event) : ICameraEvent, IAnalyticsRecord
{
    string? IAnalyticsRecord.JobId => null;
}
