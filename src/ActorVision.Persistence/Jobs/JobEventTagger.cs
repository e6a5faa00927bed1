using Akka.Persistence.Journal;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Persistence.Jobs;

/// <summary>
/// Tags job journal entries: analytics events under <see cref="CameraEventTagger.AnalyticsTag"/> (the same global
/// event stream as cameras) and <c>job:&lt;id&gt;</c>; submissions under <see cref="LifecycleTag"/> (how the API lists jobs).
/// </summary>
public sealed class JobEventTagger : IWriteEventAdapter
{
    public const string LifecycleTag = "job-lifecycle";

    public static string JobTag(string jobId) => "job:" + jobId;

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt switch
    {
        JobEventRecorded e => new Tagged(evt, [CameraEventTagger.AnalyticsTag, JobTag(e.JobId)]),
        JobSubmitted => new Tagged(evt, [LifecycleTag]),
        _ => evt,
    };
}
