using System.Collections.Immutable;
using ActorVision.Domain.Jobs;
using ActorVision.Persistence.Formats;
using Journal = ActorVision.Persistence.Jobs.Journal;

namespace ActorVision.Persistence.Jobs;

/// <summary>The job's records in their journal shapes, which the job protocol between nodes carries too.</summary>
internal static class JobRecords
{
    public static Journal.AnalysisJobSpec ToProto(AnalysisJobSpec spec)
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
        proto.Rules.AddRange(spec.Rules.Select(RuleFormat.ToProto));
        return proto;
    }

    public static AnalysisJobSpec Spec(Journal.AnalysisJobSpec proto) => new()
    {
        Input = proto.Input,
        ResolvedInput = proto.ResolvedInput,
        Models = proto.Models.ToArray(),
        Rules = proto.Rules.Select(RuleFormat.FromProto).ToArray(),
        EveryFrame = proto.EveryFrame,
        AnalysisFps = proto.AnalysisFps,
        AnalysisWidth = proto.AnalysisWidth,
        AnalysisHeight = proto.AnalysisHeight,
        AnnotatedVideo = proto.AnnotatedVideo,
        Submitter = proto.Submitter,
        Caller = proto.Caller,
    };

    public static Journal.JobProgress ToProto(JobProgress p) => new()
    {
        FramesDone = p.FramesDone,
        FramesTotal = p.FramesTotal,
        FramesAnalysed = p.FramesAnalysed,
        FramesUndecodable = p.FramesUndecodable,
    };

    /// <summary>The persisted counts; the live rate (<see cref="JobProgress.AnalysisFps"/>) is not persisted.</summary>
    public static JobProgress Progress(Journal.JobProgress? p) =>
        p is null ? JobProgress.None : new(p.FramesDone, p.FramesTotal, p.FramesAnalysed, p.FramesUndecodable, 0);

    public static JobSummary Summary(long count, IDictionary<string, long> perRule, IDictionary<string, long> perClass, IDictionary<long, long> perMinute) =>
        new(count,
            perRule.ToImmutableSortedDictionary(StringComparer.Ordinal),
            perClass.ToImmutableSortedDictionary(StringComparer.Ordinal),
            perMinute.ToImmutableSortedDictionary());

    public static void AddSummary(JobSummary summary, IDictionary<string, long> perRule, IDictionary<string, long> perClass, IDictionary<long, long> perMinute)
    {
        foreach (var (rule, count) in summary.PerRule) perRule[rule] = count;
        foreach (var (label, count) in summary.PerClass) perClass[label] = count;
        foreach (var (minute, count) in summary.PerMinute) perMinute[minute] = count;
    }
}
