using System.Globalization;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;

namespace ActorVision.Core.Cameras;

/// <summary>
/// How much one camera (or job) may ask of a node: the analysis size in pixels (what every pooled frame holds), the
/// rules it runs on every frame, and the classes one rule lists. Checked before anything else of a spec: a rule set
/// over the cap is refused for that alone, so ten thousand rules cost one answer, not a validation of each.
/// </summary>
public sealed record CameraLimits(long MaxAnalysisPixels, int MaxRules, int MaxClassesPerRule)
{
    /// <summary>3840x2160, 100 rules, 100 classes.</summary>
    public static CameraLimits Default { get; } = new(3840L * 2160, 100, 100);

    /// <summary>Every limit the spec goes over, with field paths; empty when it is within all of them.</summary>
    public IReadOnlyList<FieldError> Check(CameraSpec spec) => Check(spec.AnalysisWidth, spec.AnalysisHeight, spec.Rules, "");

    /// <param name="prefix">Where the fields sit in the request (<c>spec.</c> for a job).</param>
    public IReadOnlyList<FieldError> Check(int analysisWidth, int analysisHeight, IReadOnlyList<RuleSpec?> rules, string prefix)
    {
        var errors = new List<FieldError>();
        // A size with one side 0 follows the source: the decoder scales it down to the budget (FrameSourceOptions).
        var pixels = (long)analysisWidth * analysisHeight;
        if (pixels > MaxAnalysisPixels)
            errors.Add(new(prefix + "analysisWidth", string.Create(CultureInfo.InvariantCulture,
                $"{analysisWidth}x{analysisHeight} is {pixels} pixels; a camera may analyse at most {MaxAnalysisPixels} (actorvision.cameras.max-analysis-pixels)")));
        if (rules.Count > MaxRules)
        {
            errors.Add(new(prefix + "rules", $"{rules.Count} rules; a camera may have at most {MaxRules} (actorvision.cameras.max-rules)"));
            return errors;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is { } rule && rule.Classes.Names.Count > MaxClassesPerRule)
                errors.Add(new($"{prefix}rules[{i}].classes", $"{rule.Classes.Names.Count} classes; a rule may list at most {MaxClassesPerRule} (actorvision.cameras.max-classes-per-rule)"));
        }
        return errors;
    }

    /// <summary>The caps an operator set, or the reason they make no sense.</summary>
    public static CameraLimits Create(long maxAnalysisPixels, int maxRules, int maxClassesPerRule)
    {
        if (maxAnalysisPixels < 64 * 64) throw new ArgumentOutOfRangeException(nameof(maxAnalysisPixels), maxAnalysisPixels, "max-analysis-pixels must be at least 4096");
        if (maxRules < 1) throw new ArgumentOutOfRangeException(nameof(maxRules), maxRules, "max-rules must be at least 1");
        if (maxClassesPerRule < 1) throw new ArgumentOutOfRangeException(nameof(maxClassesPerRule), maxClassesPerRule, "max-classes-per-rule must be at least 1");
        return new CameraLimits(maxAnalysisPixels, maxRules, maxClassesPerRule);
    }
}
