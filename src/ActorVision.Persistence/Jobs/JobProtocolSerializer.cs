using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Common.Time;
using ActorVision.Core.Validation;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using Google.Protobuf;
using static ActorVision.Persistence.Jobs.JobRecords;
using Journal = ActorVision.Persistence.Jobs.Journal;
using Wire = ActorVision.Persistence.Jobs.Wire;

namespace ActorVision.Persistence.Jobs;

/// <summary>
/// Writes the job protocol (commands, queries, replies) as protobuf when it crosses between nodes: an API node asks a
/// job that runs elsewhere. Stable manifests, the same ones the job journal serializer used for these messages before
/// they got a serializer of their own.
/// </summary>
public sealed class JobProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.JobProtocol;

    private const string SubmitManifest = "job-submit.v1";
    private const string CancelManifest = "job-cancel.v1";
    private const string GetManifest = "job-get.v1";
    private const string ViewManifest = "job-view.v1";
    private const string AcceptedManifest = "job-accepted.v1";
    private const string RejectedManifest = "job-rejected.v1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        SubmitJob => SubmitManifest,
        CancelJob => CancelManifest,
        GetJob => GetManifest,
        JobView => ViewManifest,
        JobAccepted => AcceptedManifest,
        JobRejected => RejectedManifest,
        _ => throw new ArgumentException($"{nameof(JobProtocolSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object o) => ToProto(o).ToByteArray();

    private static IMessage ToProto(object o) => o switch
    {
        SubmitJob c => new Wire.SubmitJobCommand { JobId = c.JobId, RequestId = c.RequestId, Spec = JobRecords.ToProto(c.Spec) },
        CancelJob c => new Wire.JobIdCommand { JobId = c.JobId },
        GetJob c => new Wire.JobIdCommand { JobId = c.JobId },
        JobView v => View(v, accepted: false),
        JobAccepted a => View(a.Job, accepted: true),
        JobRejected r => Rejected(r),
        _ => throw new ArgumentException($"{nameof(JobProtocolSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        SubmitManifest => Submit(Wire.SubmitJobCommand.Parser.ParseFrom(bytes)),
        CancelManifest => new CancelJob(Wire.JobIdCommand.Parser.ParseFrom(bytes).JobId),
        GetManifest => new GetJob(Wire.JobIdCommand.Parser.ParseFrom(bytes).JobId),
        ViewManifest => View(Wire.JobViewReply.Parser.ParseFrom(bytes)),
        AcceptedManifest => new JobAccepted(View(Wire.JobViewReply.Parser.ParseFrom(bytes))),
        RejectedManifest => Rejected(Wire.JobRejectedReply.Parser.ParseFrom(bytes)),
        _ => throw new SerializationException($"unknown job protocol manifest '{manifest}': sent by a newer ActorVision?"),
    };

    private static SubmitJob Submit(Wire.SubmitJobCommand p) => new(p.JobId, p.RequestId, Spec(p.Spec));

    private static Wire.JobViewReply View(JobView v, bool accepted)
    {
        var proto = new Wire.JobViewReply
        {
            JobId = v.JobId,
            Spec = JobRecords.ToProto(v.Spec),
            Status = (Journal.JobStatus)(int)v.Status,
            Reason = v.Reason ?? "",
            Progress = JobRecords.ToProto(v.Progress),
            AnalysisFps = v.Progress.AnalysisFps,
            Node = v.Node,
            SubmittedAtUnixMs = UnixTime.ToMilliseconds(v.SubmittedAt),
            Attempts = v.Attempts,
            EventCount = v.Summary.EventCount,
            AnnotatedVideoPath = v.AnnotatedVideoPath ?? "",
            Accepted = accepted,
        };
        if (v.EtaSeconds is { } eta) proto.EtaSeconds = eta;
        if (v.StartedAt is { } started) proto.StartedAtUnixMs = UnixTime.ToMilliseconds(started);
        if (v.FinishedAt is { } finished) proto.FinishedAtUnixMs = UnixTime.ToMilliseconds(finished);
        AddSummary(v.Summary, proto.PerRule, proto.PerClass, proto.PerMinute);
        return proto;
    }

    private static JobView View(Wire.JobViewReply p) => new(
        p.JobId,
        Spec(p.Spec),
        (JobStatus)(int)p.Status,
        p.Reason.Length > 0 ? p.Reason : null,
        Progress(p.Progress) with { AnalysisFps = p.AnalysisFps },
        p.HasEtaSeconds ? p.EtaSeconds : null,
        p.Node,
        UnixTime.FromMilliseconds(p.SubmittedAtUnixMs),
        p.HasStartedAtUnixMs ? UnixTime.FromMilliseconds(p.StartedAtUnixMs) : null,
        p.HasFinishedAtUnixMs ? UnixTime.FromMilliseconds(p.FinishedAtUnixMs) : null,
        p.Attempts,
        Summary(p.EventCount, p.PerRule, p.PerClass, p.PerMinute),
        p.AnnotatedVideoPath.Length > 0 ? p.AnnotatedVideoPath : null);

    private static Wire.JobRejectedReply Rejected(JobRejected r)
    {
        var proto = new Wire.JobRejectedReply { JobId = r.JobId, Kind = (int)r.Kind, Reason = r.Reason };
        proto.Errors.AddRange(r.Errors.Select(e => new Wire.FieldError { Path = e.Path, Message = e.Message }));
        return proto;
    }

    private static JobRejected Rejected(Wire.JobRejectedReply p) =>
        new(p.JobId, (JobRejectionKind)p.Kind, p.Reason, p.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray());
}
