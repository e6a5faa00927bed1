using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Contracts;
using ActorVision.Cluster.Jobs;
using ActorVision.Cluster.Jobs.Messages;
using ActorVision.Core.Validation;
using ActorVision.Inference.Motion;
using Google.Protobuf;
using Journal = ActorVision.Cluster.Persistence.Journal;

namespace ActorVision.Cluster.Persistence;

/// <summary>
/// Writes job journal events and snapshots, and the job messages that cross between nodes, as protobuf under stable manifests (never CLR type names). A checkpoint's
/// tracker and rule states are plain records that round-trip through System.Text.Json exactly; they travel as JSON
/// bytes inside the protobuf event, and the motion background as raw float32 bytes.
/// </summary>
public sealed class JobEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4102;

    private const string SubmittedManifest = "job-submitted.v1";
    private const string StartedManifest = "job-started.v1";
    private const string EventManifest = "job-analytics-event.v1";
    private const string CheckpointedManifest = "job-checkpointed.v1";
    private const string AttemptFailedManifest = "job-attempt-failed.v1";
    private const string CompletedManifest = "job-completed.v1";
    private const string FailedManifest = "job-failed.v1";
    private const string CancelledManifest = "job-cancelled.v1";
    private const string SnapshotManifest = "job-snapshot.v1";
    private const string SubmitManifest = "job-submit.v1";
    private const string CancelManifest = "job-cancel.v1";
    private const string GetManifest = "job-get.v1";
    private const string ViewManifest = "job-view.v1";
    private const string AcceptedManifest = "job-accepted.v1";
    private const string RejectedManifest = "job-rejected.v1";

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
        SubmitJob => SubmitManifest,
        CancelJob => CancelManifest,
        GetJob => GetManifest,
        JobView => ViewManifest,
        JobAccepted => AcceptedManifest,
        JobRejected => RejectedManifest,
        _ => throw new ArgumentException($"{nameof(JobEventSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object o) => ToProto(o).ToByteArray();

    private static IMessage ToProto(object o) => o switch
    {
        JobSubmitted e => new Journal.JobSubmitted { Spec = ToProto(e.Spec), RequestId = e.RequestId, AtUnixMs = UnixMs(e.At) },
        JobStarted e => new Journal.JobStarted { Attempt = e.Attempt, Node = e.Node, AnnotatedVideoPath = e.AnnotatedVideoPath ?? "", AtUnixMs = UnixMs(e.At) },
        JobEventRecorded e => new Journal.JobEventRecorded { Event = AnalyticsEventMapping.ToProto(e.Event, jobId: e.JobId) },
        JobCheckpointed e => new Journal.JobCheckpointed { Checkpoint = ToProto(e.Checkpoint), Progress = ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobAttemptFailed e => new Journal.JobAttemptFailed { Reason = e.Reason, Progress = ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobCompleted e => new Journal.JobCompleted { Progress = ToProto(e.Progress), Note = e.Note ?? "", AtUnixMs = UnixMs(e.At) },
        JobFailed e => new Journal.JobFailed { Reason = e.Reason, Progress = ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobCancelled e => new Journal.JobCancelled { Progress = ToProto(e.Progress), AtUnixMs = UnixMs(e.At) },
        JobState s => Snapshot(s),
        SubmitJob c => new Journal.SubmitJobCommand { JobId = c.JobId, RequestId = c.RequestId, Spec = ToProto(c.Spec) },
        CancelJob c => new Journal.JobIdCommand { JobId = c.JobId },
        GetJob c => new Journal.JobIdCommand { JobId = c.JobId },
        JobView v => View(v, accepted: false),
        JobAccepted a => View(a.Job, accepted: true),
        JobRejected r => Rejected(r),
        _ => throw new ArgumentException($"{nameof(JobEventSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        SubmittedManifest => Submitted(Journal.JobSubmitted.Parser.ParseFrom(bytes)),
        StartedManifest => Started(Journal.JobStarted.Parser.ParseFrom(bytes)),
        EventManifest => new JobEventRecorded(AnalyticsEventMapping.FromProto(Journal.JobEventRecorded.Parser.ParseFrom(bytes).Event)),
        CheckpointedManifest => Checkpointed(Journal.JobCheckpointed.Parser.ParseFrom(bytes)),
        AttemptFailedManifest => AttemptFailed(Journal.JobAttemptFailed.Parser.ParseFrom(bytes)),
        CompletedManifest => Completed(Journal.JobCompleted.Parser.ParseFrom(bytes)),
        FailedManifest => Failed(Journal.JobFailed.Parser.ParseFrom(bytes)),
        CancelledManifest => Cancelled(Journal.JobCancelled.Parser.ParseFrom(bytes)),
        SnapshotManifest => State(Journal.JobSnapshot.Parser.ParseFrom(bytes)),
        SubmitManifest => Submit(Journal.SubmitJobCommand.Parser.ParseFrom(bytes)),
        CancelManifest => new CancelJob(Journal.JobIdCommand.Parser.ParseFrom(bytes).JobId),
        GetManifest => new GetJob(Journal.JobIdCommand.Parser.ParseFrom(bytes).JobId),
        ViewManifest => View(Journal.JobViewReply.Parser.ParseFrom(bytes)),
        AcceptedManifest => new JobAccepted(View(Journal.JobViewReply.Parser.ParseFrom(bytes))),
        RejectedManifest => Rejected(Journal.JobRejectedReply.Parser.ParseFrom(bytes)),
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

    internal static Journal.AnalysisJobSpec ToProto(AnalysisJobSpec spec)
    {
        var proto = new Journal.AnalysisJobSpec
        {
            Input = spec.Input,
            ResolvedInput = spec.ResolvedInput,
            EveryFrame = spec.EveryFrame,
            AnalysisFps = spec.AnalysisFps,
            AnalysisWidth = spec.AnalysisWidth,
            AnalysisHeight = spec.AnalysisHeight,
            AnnotatedVideo = spec.AnnotatedVideo,
            Submitter = spec.Submitter,
            Caller = spec.Caller,
        };
        proto.Models.AddRange(spec.Models);
        proto.Rules.AddRange(spec.Rules.Select(RuleMapping.ToProto));
        return proto;
    }

    private static AnalysisJobSpec Spec(Journal.AnalysisJobSpec proto)
    {
        var errors = new List<FieldError>();
        var rules = RuleMapping.FromProto(proto.Rules, errors);
        if (errors.Count > 0) throw new SerializationException("job journal entry does not convert back: " + string.Join("; ", errors));
        return new AnalysisJobSpec
        {
            Input = proto.Input,
            ResolvedInput = proto.ResolvedInput,
            Models = proto.Models.ToArray(),
            Rules = rules,
            EveryFrame = proto.EveryFrame,
            AnalysisFps = proto.AnalysisFps,
            AnalysisWidth = proto.AnalysisWidth,
            AnalysisHeight = proto.AnalysisHeight,
            AnnotatedVideo = proto.AnnotatedVideo,
            Submitter = proto.Submitter,
            Caller = proto.Caller,
        };
    }

    private static Journal.JobProgress ToProto(JobProgress p) => new()
    {
        FramesDone = p.FramesDone,
        FramesTotal = p.FramesTotal,
        FramesAnalysed = p.FramesAnalysed,
        FramesUndecodable = p.FramesUndecodable,
    };

    private static JobProgress Progress(Journal.JobProgress? p) =>
        p is null ? JobProgress.None : new(p.FramesDone, p.FramesTotal, p.FramesAnalysed, p.FramesUndecodable, 0);

    internal static Journal.JobCheckpoint ToProto(JobCheckpoint c)
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

    internal static JobCheckpoint Checkpoint(Journal.JobCheckpoint proto)
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
            Spec = s.Spec is { } spec ? ToProto(spec) : null,
            RequestId = s.RequestId,
            Status = (Journal.JobStatus)(int)s.Status,
            Reason = s.Reason ?? "",
            SubmittedAtUnixMs = UnixMs(s.SubmittedAt),
            Attempts = s.Attempts,
            Node = s.Node,
            AnnotatedVideoPath = s.AnnotatedVideoPath ?? "",
            Progress = ToProto(s.Progress),
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

    private static SubmitJob Submit(Journal.SubmitJobCommand p) => new(p.JobId, p.RequestId, Spec(p.Spec));

    private static Journal.JobViewReply View(JobView v, bool accepted)
    {
        var proto = new Journal.JobViewReply
        {
            JobId = v.JobId,
            Spec = ToProto(v.Spec),
            Status = (Journal.JobStatus)(int)v.Status,
            Reason = v.Reason ?? "",
            Progress = ToProto(v.Progress),
            AnalysisFps = v.Progress.AnalysisFps,
            Node = v.Node,
            SubmittedAtUnixMs = UnixMs(v.SubmittedAt),
            Attempts = v.Attempts,
            EventCount = v.Summary.EventCount,
            AnnotatedVideoPath = v.AnnotatedVideoPath ?? "",
            Accepted = accepted,
        };
        if (v.EtaSeconds is { } eta) proto.EtaSeconds = eta;
        if (v.StartedAt is { } started) proto.StartedAtUnixMs = UnixMs(started);
        if (v.FinishedAt is { } finished) proto.FinishedAtUnixMs = UnixMs(finished);
        AddSummary(v.Summary, proto.PerRule, proto.PerClass, proto.PerMinute);
        return proto;
    }

    private static JobView View(Journal.JobViewReply p) => new(
        p.JobId,
        Spec(p.Spec),
        (JobStatus)(int)p.Status,
        p.Reason.Length > 0 ? p.Reason : null,
        Progress(p.Progress) with { AnalysisFps = p.AnalysisFps },
        p.HasEtaSeconds ? p.EtaSeconds : null,
        p.Node,
        FromUnixMs(p.SubmittedAtUnixMs),
        p.HasStartedAtUnixMs ? FromUnixMs(p.StartedAtUnixMs) : null,
        p.HasFinishedAtUnixMs ? FromUnixMs(p.FinishedAtUnixMs) : null,
        p.Attempts,
        Summary(p.EventCount, p.PerRule, p.PerClass, p.PerMinute),
        p.AnnotatedVideoPath.Length > 0 ? p.AnnotatedVideoPath : null);

    private static Journal.JobRejectedReply Rejected(JobRejected r)
    {
        var proto = new Journal.JobRejectedReply { JobId = r.JobId, Kind = (int)r.Kind, Reason = r.Reason };
        proto.Errors.AddRange(r.Errors.Select(e => new Journal.FieldError { Path = e.Path, Message = e.Message }));
        return proto;
    }

    private static JobRejected Rejected(Journal.JobRejectedReply p) =>
        new(p.JobId, (JobRejectionKind)p.Kind, p.Reason, p.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray());

    private static JobSummary Summary(long count, IDictionary<string, long> perRule, IDictionary<string, long> perClass, IDictionary<long, long> perMinute) =>
        new(count,
            perRule.ToImmutableSortedDictionary(StringComparer.Ordinal),
            perClass.ToImmutableSortedDictionary(StringComparer.Ordinal),
            perMinute.ToImmutableSortedDictionary());

    private static void AddSummary(JobSummary summary, IDictionary<string, long> perRule, IDictionary<string, long> perClass, IDictionary<long, long> perMinute)
    {
        foreach (var (rule, count) in summary.PerRule) perRule[rule] = count;
        foreach (var (label, count) in summary.PerClass) perClass[label] = count;
        foreach (var (minute, count) in summary.PerMinute) perMinute[minute] = count;
    }

    private static long UnixMs(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static DateTime FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
