using ActorVision.Cluster.Contracts;
using ActorVision.Core.Cameras;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Cluster.Jobs;

/// <summary>
/// Turns a submitted <c>JobSpec</c> into an <see cref="AnalysisJobSpec"/>, checking everything a node can check
/// before queueing it: the input (media roots, URL schemes), models, rates, sizes and rules. Every problem is
/// reported with the field path the API uses (<c>spec.input</c>, <c>spec.rules[2].polygon</c>).
/// </summary>
public sealed class JobSpecValidator(
    JobInputPolicy inputs, IReadOnlyDictionary<string, IReadOnlyList<string>> modelClasses, JobSettings settings, CameraLimits? limits = null)
{
    private readonly CameraLimits _limits = limits ?? CameraLimits.Default;

    public const double MaxAnalysisFps = 240;
    public const int MaxDimension = 7680;

    /// <summary>The default models when a submit names none: the motion detector, if the catalog has it.</summary>
    public IReadOnlyList<string> DefaultModels => modelClasses.ContainsKey("motion") ? ["motion"] : [];

    public AnalysisJobSpec? Validate(V1.JobSpec? proto, List<FieldError> errors)
    {
        if (proto is null)
        {
            errors.Add(new("spec", "is required"));
            return null;
        }
        if (proto.Rules.Count > _limits.MaxRules)
        {
            // Refused for that alone: its rules are not read.
            errors.Add(new("spec.rules", $"{proto.Rules.Count} rules; a job may have at most {_limits.MaxRules} (actorvision.cameras.max-rules)"));
            return null;
        }
        var resolved = inputs.Resolve(proto.Input, errors);
        var models = proto.Models.Count > 0 ? proto.Models.ToArray() : DefaultModels;
        ValidateModels(models, errors);

        var fps = proto.AnalysisFps;
        if (proto.EveryFrame && fps != 0)
            errors.Add(new("spec.analysisFps", "every_frame analyses every frame; leave analysis_fps at 0 or drop every_frame"));
        else if (!proto.EveryFrame && fps == 0)
            fps = settings.DefaultAnalysisFps;
        else if (!proto.EveryFrame && !(fps > 0 && fps <= MaxAnalysisFps))
            errors.Add(new("spec.analysisFps", $"{fps} is out of range: use more than 0 and at most {MaxAnalysisFps}"));
        ValidateDimension("spec.analysisWidth", proto.AnalysisWidth, errors);
        ValidateDimension("spec.analysisHeight", proto.AnalysisHeight, errors);
        if (proto.Submitter.Length > 200) errors.Add(new("spec.submitter", "is longer than 200 characters"));

        var rules = RuleMapping.FromProto(proto.Rules, errors, "spec.rules");
        errors.AddRange(_limits.Check(proto.AnalysisWidth, proto.AnalysisHeight, rules, "spec."));
        if (rules.Count == proto.Rules.Count)
        {
            var known = models.Where(modelClasses.ContainsKey).SelectMany(m => modelClasses[m]);
            foreach (var error in new RuleSetValidator(known).Validate(rules))
                errors.Add(error with { Path = "spec." + error.Path });
        }
        if (errors.Count > 0 || resolved is null) return null;
        return new AnalysisJobSpec
        {
            Input = proto.Input,
            ResolvedInput = resolved,
            Models = models,
            Rules = rules,
            EveryFrame = proto.EveryFrame,
            AnalysisFps = proto.EveryFrame ? 0 : fps,
            AnalysisWidth = proto.AnalysisWidth,
            AnalysisHeight = proto.AnalysisHeight,
            AnnotatedVideo = proto.AnnotatedVideo,
            Submitter = string.IsNullOrWhiteSpace(proto.Submitter) ? "anonymous" : proto.Submitter.Trim(),
        };
    }

    private void ValidateModels(IReadOnlyList<string> models, List<FieldError> errors)
    {
        var known = string.Join(", ", modelClasses.Keys.Order(StringComparer.Ordinal));
        if (models.Count == 0)
        {
            errors.Add(new("spec.models", $"at least one model is required; known: {known}"));
            return;
        }
        for (var i = 0; i < models.Count; i++)
        {
            if (!modelClasses.ContainsKey(models[i]))
                errors.Add(new($"spec.models[{i}]", $"unknown model '{models[i]}'; known: {known}"));
        }
        if (models.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            errors.Add(new("spec.models", $"'{duplicate.Key}' is listed twice"));
    }

    private static void ValidateDimension(string field, int value, List<FieldError> errors)
    {
        if (value < 0 || value > MaxDimension)
            errors.Add(new(field, $"{value} is out of range: use 0 (source size) up to {MaxDimension}"));
        else if (value % 2 != 0)
            errors.Add(new(field, $"{value} must be even"));
    }
}
