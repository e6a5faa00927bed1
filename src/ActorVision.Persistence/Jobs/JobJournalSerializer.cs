using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Common.Time;
using Google.Protobuf;
using ActorVision.Core.Imaging;
using ActorVision.Domain.Analytics;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence.Formats;
using static ActorVision.Persistence.Jobs.JobRecords;
using Journal = ActorVision.Persistence.Jobs.Journal;

namespace ActorVision.Persistence.Jobs;

/// <summary>
/// Writes job journal events and snapshots as protobuf under stable manifests (never CLR type names). A checkpoint's
/// tracker and rule states are plain records that round-trip through System.Text.Json exactly; they travel as JSON
/// bytes inside the protobuf event, and the motion background as raw float32 bytes.
/// </summary>
public sealed class JobJournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.JobJournal;

    private const string SubmittedManifest = "job-submitted.v1";
    private const string StartedManifest = "job-started.v1";
    private const string EventManifest = "job-analytics-event.v1";
    private const string CheckpointedManifest = "job-checkpointed.v1";
    private const string AttemptFailedManifest = "job-attempt-failed.v1";
    private const string CompletedManifest = "job-completed.v1";
    private const string FailedManifest = "job-failed.v1";
    private const string CancelledManifest = "job-cancelled.v1";
    private const string SnapshotManifest = "job-snapshot.v1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        JobSubmitted => SubmittedManifest,
        JobStarted => StartedManifest,
        JobEventRecorded => EventManifest,
        JobCheckpointed => CheckpointedManifest,
        JobAttemptFailed => AttemptFailedManifest,
        JobCompleted => CompletedManifest,
        JobFailed => FailedManifest,
        JobCancelled => CancelledManifest,
        JobState => SnapshotManifest,
        _ => throw new ArgumentException($"{nameof(JobJournalSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object o) => ToProto(o).ToByteArray();

    private static IMessage ToProto(object o) => o switch
    {
        JobSubmitted e => new Journal.JobSubmitted { Spec = JobRecords.ToProto(e.Spec), RequestId = e.RequestId, AtUnixMs = UnixMs(e.At) },
        JobStarted e => new Journal.JobStarted { Attempt = e.Attempt, Node = e.Node, AnnotatedVideoPath = e.AnnotatedVideoPath ?? "", AtUnixMs = UnixMs(e.At) },
        JobEventRecorded e => new Journal.JobEventRecorded { Event = AnalyticsEventFormat.ToProto(e.Event, jobId: e.JobId) },
        JobCheckpointed e => new Journal.JobCheckpointed { Checkpoint = ToProto(e.Checkpoint), Progress = JobRecords.ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobAttemptFailed e => new Journal.JobAttemptFailed { Reason = e.Reason, Progress = JobRecords.ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobCompleted e => new Journal.JobCompleted { Progress = JobRecords.ToProto(e.Progress), Note = e.Note ?? "", AtUnixMs = UnixMs(e.At) },
        JobFailed e => new Journal.JobFailed { Reason = e.Reason, Progress = JobRecords.ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobCancelled e => new Journal.JobCancelled { Progress = JobRecords.ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobState s => Snapshot(s),
        _ => throw new ArgumentException($"{nameof(JobJournalSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        SubmittedManifest => Submitted(Journal.JobSubmitted.Parser.ParseFrom(bytes)),
        StartedManifest => Started(Journal.JobStarted.Parser.ParseFrom(bytes)),
        EventManifest => new JobEventRecorded(AnalyticsEventFormat.FromProto(Journal.JobEventRecorded.Parser.ParseFrom(bytes).Event)),
        CheckpointedManifest => Checkpointed(Journal.JobCheckpointed.Parser.ParseFrom(bytes)),
        AttemptFailedManifest => AttemptFailed(Journal.JobAttemptFailed.Parser.ParseFrom(bytes)),
        CompletedManifest => Completed(Journal.JobCompleted.Parser.ParseFrom(bytes)),
        FailedManifest => Failed(Journal.JobFailed.Parser.ParseFrom(bytes)),
        CancelledManifest => Cancelled(Journal.JobCancelled.Parser.ParseFrom(bytes)),
        SnapshotManifest => State(Journal.JobSnapshot.Parser.ParseFrom(bytes)),
        _ => throw new SerializationException($"unknown job journal manifest '{manifest}': written by a newer ActorVision?"),
    };

    private static JobSubmitted Submitted(Journal.JobSubmitted p) => new(Spec(p.Spec), p.RequestId, FromUnixMs(p.AtUnixMs));

    private static JobStarted Started(Journal.JobStarted p) =>
        new(p.Attempt, p.Node, p.AnnotatedVideoPath.Length > 0 ? p.AnnotatedVideoPath : null, FromUnixMs(p.AtUnixMs));

    private static JobCheckpointed Checkpointed(Journal.JobCheckpointed p) => new(Checkpoint(p.Checkpoint), Progress(p.Progress), FromUnixMs(p.AtUnixMs));

    private static JobAttemptFailed AttemptFailed(Journal.JobAttemptFailed p) => new(p.Reason, Progress(p.Progress), FromUnixMs(p.AtUnixMs));

    private static JobCompleted Completed(Journal.JobCompleted p) => new(Progress(p.Progress), p.Note.Length > 0 ? p.Note : null, FromUnixMs(p.AtUnixMs));

    private static JobFailed Failed(Journal.JobFailed p) => new(p.Reason, Progress(p.Progress), FromUnixMs(p.AtUnixMs));

    private static JobCancelled Cancelled(Journal.JobCancelled p) => new(Progress(p.Progress), FromUnixMs(p.AtUnixMs));

    private static Journal.JobCheckpoint ToProto(JobCheckpoint c)
    {
        var proto = new Journal.JobCheckpoint
        {
            FrameIndex = c.FrameIndex,
            StreamTimeTicks = c.StreamTime.Ticks,
            FramesAnalysed = c.FramesAnalysed,
            TrackingJson = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(c.Tracking)),
        };
        if (c.SamplerNextDue is { } due) proto.SamplerNextDueTicks = due.Ticks;
        if (c.Motion is { } motion)
        {
            proto.Motion = new Journal.MotionState
            {
                SourceWidth = motion.SourceWidth,
                SourceHeight = motion.SourceHeight,
                FramesSeen = motion.FramesSeen,
                Background = ByteString.CopyFrom(MemoryMarshal.AsBytes(motion.Background.AsSpan())),
            };
        }
        return proto;
    }

    private static JobCheckpoint Checkpoint(Journal.JobCheckpoint proto)
    {
        var tracking = JsonSerializer.Deserialize<TrackingState>(proto.TrackingJson.Span)
            ?? throw new SerializationException("job checkpoint without tracking state");
        MotionState? motion = null;
        if (proto.Motion is { } m)
        {
            if (!BitConverter.IsLittleEndian) throw new SerializationException("job checkpoints need a little-endian machine");
            motion = new MotionState(m.SourceWidth, m.SourceHeight, m.FramesSeen, MemoryMarshal.Cast<byte, float>(m.Background.Span).ToArray());
        }
        return new JobCheckpoint(
            proto.FrameIndex,
            TimeSpan.FromTicks(proto.StreamTimeTicks),
            proto.FramesAnalysed,
            proto.HasSamplerNextDueTicks ? TimeSpan.FromTicks(proto.SamplerNextDueTicks) : null,
            motion,
            tracking);
    }

    private static Journal.JobSnapshot Snapshot(JobState s)
    {
        var proto = new Journal.JobSnapshot
        {
            JobId = s.JobId,
            Spec = s.Spec is { } spec ? JobRecords.ToProto(spec) : null,
            RequestId = s.RequestId,
            Status = (Journal.JobStatus)(int)s.Status,
            Reason = s.Reason ?? "",
            SubmittedAtUnixMs = UnixMs(s.SubmittedAt),
            Attempts = s.Attempts,
            Node = s.Node,
            AnnotatedVideoPath = s.AnnotatedVideoPath ?? "",
            Progress = JobRecords.ToProto(s.Progress),
            Checkpoint = s.Checkpoint is { } c ? ToProto(c) : null,
            EventCount = s.Summary.EventCount,
        };
        if (s.StartedAt is { } started) proto.StartedAtUnixMs = UnixMs(started);
        if (s.FinishedAt is { } finished) proto.FinishedAtUnixMs = UnixMs(finished);
        if (s.RecordedThrough is { } through) proto.RecordedThroughTicks = through.Ticks;
        AddSummary(s.Summary, proto.PerRule, proto.PerClass, proto.PerMinute);
        return proto;
    }

    private static JobState State(Journal.JobSnapshot p) => new(p.JobId)
    {
        Spec = p.Spec is null ? null : Spec(p.Spec),
        RequestId = p.RequestId,
        Status = (JobStatus)(int)p.Status,
        Reason = p.Reason.Length > 0 ? p.Reason : null,
        SubmittedAt = FromUnixMs(p.SubmittedAtUnixMs),
        StartedAt = p.HasStartedAtUnixMs ? FromUnixMs(p.StartedAtUnixMs) : null,
        FinishedAt = p.HasFinishedAtUnixMs ? FromUnixMs(p.FinishedAtUnixMs) : null,
        Attempts = p.Attempts,
        Node = p.Node,
        AnnotatedVideoPath = p.AnnotatedVideoPath.Length > 0 ? p.AnnotatedVideoPath : null,
        Progress = Progress(p.Progress),
        Checkpoint = p.Checkpoint is null ? null : Checkpoint(p.Checkpoint),
        Summary = Summary(p.EventCount, p.PerRule, p.PerClass, p.PerMinute),
        RecordedThrough = p.HasRecordedThroughTicks ? TimeSpan.FromTicks(p.RecordedThroughTicks) : null,
    };

    private static long UnixMs(DateTime at) => UnixTime.ToMilliseconds(at);

    private static DateTime FromUnixMs(long ms) => UnixTime.FromMilliseconds(ms);
}
