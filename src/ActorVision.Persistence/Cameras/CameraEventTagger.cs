using Akka.Persistence.Journal;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Persistence.Cameras;

/// <summary>
/// Tags camera journal entries so read sides find them by tag instead of scanning every camera:
/// analytics events under <see cref="AnalyticsTag"/> (all cameras, in journal order: the offsets API clients
/// resume from) and <c>camera:&lt;id&gt;</c>; registrations and removals under <see cref="LifecycleTag"/>
/// (how the API lists cameras).
/// </summary>
public sealed class CameraEventTagger : IWriteEventAdapter
{
    public const string AnalyticsTag = "analytics";
    public const string LifecycleTag = "camera-lifecycle";

    public static string CameraTag(string cameraId) => "camera:" + cameraId;

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt switch
    {
        AnalyticsEventRecorded e => new Tagged(evt, [AnalyticsTag, CameraTag(e.Event.CameraId)]),
        CameraRegistered or CameraRemoved => new Tagged(evt, [LifecycleTag]),
        _ => evt,
    };
}
