using ActorVision.Common;
using Google.Protobuf.WellKnownTypes;
using ActorVision.Core.Validation;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Protocol.Mapping;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Jobs;

/// <summary>Jobs between the engine's view and the gRPC contract.</summary>
public static class JobContract
{
    /// <summary>
    /// A submitted spec as the domain reads it, before <see cref="JobSpecValidator"/> checks and completes it. Rules
    /// that do not convert (no kind, a missing time) are reported here; the rule set is then left out of the spec so
    /// the validator does not report the same rules again under shifted indexes.
    /// </summary>
    public static AnalysisJobSpec? FromProto(V1.JobSpec? proto, List<FieldError> errors)
    {
        if (proto is null)
        {
            errors.Add(new("spec", "is required"));
            return null;
        }
        var ruleErrors = errors.Count;
        var rules = RuleMapping.FromProto(proto.Rules, errors, "spec.rules");
        return new AnalysisJobSpec
        {
            Input = proto.Input,
            ResolvedInput = "",
            Models = proto.Models.ToArray(),
            Rules = errors.Count == ruleErrors ? rules : [],
            EveryFrame = proto.EveryFrame,
            AnalysisFps = proto.AnalysisFps,
            AnalysisWidth = proto.AnalysisWidth,
            AnalysisHeight = proto.AnalysisHeight,
            AnnotatedVideo = proto.AnnotatedVideo,
            Submitter = proto.Submitter,
        };
    }

    public static V1.Job ToProto(JobView view)
    {
        var progress = view.Progress;
        var job = new V1.Job
        {
            Id = view.JobId,
            Spec = ToProto(view.Spec),
            State = ToProto(view.Status),
            Reason = UrlRedaction.RedactInText(view.Reason ?? ""),
            Progress = new V1.JobProgress
            {
                FramesDone = progress.FramesDone,
                FramesTotal = progress.FramesTotal,
                Percent = view.Status == JobStatus.Completed ? 100 : Math.Round(progress.Percent, 2),
                AnalysisFps = Math.Round(progress.AnalysisFps, 2),
                EtaSeconds = view.EtaSeconds is { } eta ? Math.Round(eta, 1) : 0,
                FramesAnalysed = progress.FramesAnalysed,
                FramesUndecodable = progress.FramesUndecodable,
                Events = view.Summary.EventCount,
            },
            Node = view.Node,
            SubmittedAt = Timestamp.FromDateTime(Utc(view.SubmittedAt)),
            Attempts = view.Attempts,
            Summary = ToProto(view.Summary),
            AnnotatedVideoPath = view.Status == JobStatus.Completed ? view.AnnotatedVideoPath ?? "" : "",
        };
        if (view.StartedAt is { } started) job.StartedAt = Timestamp.FromDateTime(Utc(started));
        if (view.FinishedAt is { } finished) job.FinishedAt = Timestamp.FromDateTime(Utc(finished));
        return job;
    }

    public static V1.JobSpec ToProto(AnalysisJobSpec spec)
    {
        var proto = new V1.JobSpec
        {
            // A URL input may carry a token (?token=, signed URLs): replies show it redacted, as camera sources are.
            Input = UrlRedaction.Redact(spec.Input),
            EveryFrame = spec.EveryFrame,
            AnalysisFps = spec.AnalysisFps,
            AnnotatedVideo = spec.AnnotatedVideo,
            Submitter = spec.Submitter,
            AnalysisWidth = spec.AnalysisWidth,
            AnalysisHeight = spec.AnalysisHeight,
        };
        proto.Models.AddRange(spec.Models);
        proto.Rules.AddRange(spec.Rules.Select(RuleMapping.ToProto));
        return proto;
    }

    public static V1.JobSummary ToProto(JobSummary summary)
    {
        var proto = new V1.JobSummary { EventCount = summary.EventCount };
        proto.PerRule.Add(summary.PerRule);
        proto.PerClass.Add(summary.PerClass);
        proto.Buckets.AddRange(summary.PerMinute.Select(b => new V1.TimeBucket { StartSeconds = b.Key * 60.0, Count = b.Value }));
        return proto;
    }

    public static V1.JobState ToProto(JobStatus status) => status switch
    {
        JobStatus.Queued => V1.JobState.Queued,
        JobStatus.Running => V1.JobState.Running,
        JobStatus.Completed => V1.JobState.Completed,
        JobStatus.Failed => V1.JobState.Failed,
        JobStatus.Cancelled => V1.JobState.Cancelled,
        _ => V1.JobState.Unspecified,
    };

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
