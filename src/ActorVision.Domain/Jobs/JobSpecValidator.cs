using ActorVision.Common;
using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;

namespace ActorVision.Domain.Jobs;

/// <summary>
/// Checks a submitted <see cref="AnalysisJobSpec"/> before it is queued, everything a node can check: the input (the
/// sources policy cameras share: media roots, URL schemes), models, rates, sizes and rules, and completes it (the input resolved, default models and rate,
/// the submitter). Every problem is reported with the field path the API uses (<c>spec.input</c>,
/// <c>spec.rules[2].polygon</c>).
/// </summary>
/// <param name="defaultAnalysisFps">The rate of a job that asks for neither every frame nor a rate.</param>
/// <param name="limits">What one job may ask of a node (the cameras' limits); a rule set over the cap is refused for that alone.</param>
public sealed class JobSpecValidator(
    SourcePolicy sources, IReadOnlyDictionary<string, IReadOnlyList<string>> modelClasses, double defaultAnalysisFps, CameraLimits? limits = null)
{
    private readonly CameraLimits _limits = limits ?? CameraLimits.Default;

    /// <summary>What one job may ask of a node.</summary>
    public CameraLimits Limits => _limits;

    public const string InputField = "spec.input";

    public const double MaxAnalysisFps = 240;
    public const int MaxDimension = 7680;
    public const int MaxSubmitterLength = 200;

    /// <summary>The default models when a submit names none: the motion detector, if the catalog has it.</summary>
    public IReadOnlyList<string> DefaultModels => modelClasses.ContainsKey("motion") ? ["motion"] : [];

    /// <param name="submitted">The spec as submitted: <see cref="AnalysisJobSpec.Input"/> as given (its resolved input
    /// is ignored), no models for the default ones, an analysis rate of 0 for the default rate.</param>
    /// <returns>The spec to queue, or null with the reasons in <paramref name="errors"/>.</returns>
    public AnalysisJobSpec? Validate(AnalysisJobSpec submitted, List<FieldError> errors)
    {
        var errorsBefore = errors.Count;
        var over = _limits.Check(submitted.AnalysisWidth, submitted.AnalysisHeight, submitted.Rules, "spec.");
        if (submitted.Rules.Count > _limits.MaxRules)
        {
            // Refused for that alone: the rules are not validated one by one.
            errors.AddRange(over);
            return null;
        }
        errors.AddRange(over);
        var resolved = ResolveInput(submitted.Input, errors);
        var models = submitted.Models.Count > 0 ? submitted.Models : DefaultModels;
        ValidateModels(models, errors);

        var fps = submitted.AnalysisFps;
        if (submitted.EveryFrame && fps != 0)
            errors.Add(new("spec.analysisFps", "every_frame analyses every frame; leave analysis_fps at 0 or drop every_frame"));
        else if (!submitted.EveryFrame && fps == 0)
            fps = defaultAnalysisFps;
        else if (!submitted.EveryFrame && !(fps > 0 && fps <= MaxAnalysisFps))
            errors.Add(new("spec.analysisFps", $"{fps} is out of range: use more than 0 and at most {MaxAnalysisFps}"));
        ValidateDimension("spec.analysisWidth", submitted.AnalysisWidth, errors);
        ValidateDimension("spec.analysisHeight", submitted.AnalysisHeight, errors);
        if (submitted.Submitter.Length > MaxSubmitterLength) errors.Add(new("spec.submitter", $"is longer than {MaxSubmitterLength} characters"));

        var known = models.Where(modelClasses.ContainsKey).SelectMany(m => modelClasses[m]);
        foreach (var error in new RuleSetValidator(known).Validate(submitted.Rules))
            errors.Add(error with { Path = "spec." + error.Path });
        if (errors.Count > errorsBefore || resolved is null) return null;
        return submitted with
        {
            ResolvedInput = resolved,
            Models = models,
            AnalysisFps = submitted.EveryFrame ? 0 : fps,
            Submitter = string.IsNullOrWhiteSpace(submitted.Submitter) ? "anonymous" : submitted.Submitter.Trim(),
        };
    }

    private string? ResolveInput(string input, List<FieldError> errors)
    {
        if (MediaUrl.SchemeOf(input ?? "") is { } scheme && SourcePolicy.LiveSchemes.Contains(scheme))
        {
            errors.Add(new(InputField, $"{scheme}:// is a live stream, which never ends: a job analyses a recording (a file under a media root, or http/https); add a camera for a live stream"));
            return null;
        }
        return sources.Resolve(input, InputField, errors, mustExist: true);
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
