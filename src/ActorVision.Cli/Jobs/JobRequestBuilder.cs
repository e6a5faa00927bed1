using ActorVision.Cli.Errors;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Jobs;

/// <summary>Builds a SubmitJobRequest; its request_id makes a retried submit queue the job once.</summary>
public static class JobRequestBuilder
{
    public static SubmitJobRequest Build(JobFlags flags, string requestId)
    {
        if (string.IsNullOrWhiteSpace(flags.Input))
            throw new UsageException("job submit needs the video to analyse: a path under the node's media root, or a URL");
        if (flags.EveryFrame && flags.Fps is not null)
            throw new UsageException("--every-frame and --fps contradict each other: every frame, or a sampling rate");
        var spec = new JobSpec
        {
            Input = flags.Input,
            EveryFrame = flags.EveryFrame,
            AnalysisFps = flags.Fps ?? 0,
            AnalysisWidth = flags.Width ?? 0,
            AnalysisHeight = flags.Height ?? 0,
            AnnotatedVideo = flags.AnnotatedVideo,
            Submitter = flags.Submitter ?? "",
        };
        spec.Models.AddRange(flags.Models);
        if (flags.RulesFile is not null)
            spec.Rules.AddRange(Files.RulesFile.Load(flags.RulesFile));
        return new SubmitJobRequest { Spec = spec, RequestId = requestId };
    }
}
