using System.Text.RegularExpressions;
using ActorVision.Common;
using ActorVision.Core.Confinement;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;

namespace ActorVision.Core.Cameras;

/// <summary>
/// Checks a <see cref="CameraSpec"/> against what this cluster can run, field by field, so an operator learns
/// everything that is wrong in one answer. A spec with any error is rejected whole.
/// </summary>
public static partial class CameraSpecValidator
{
    public const double MaxAnalysisFps = 60;
    public const int MaxDimension = 7680;

    /// <param name="spec">The spec to check.</param>
    /// <param name="models">Model names this cluster knows, with the class names each can produce.</param>
    /// <param name="sources">What a source may be (media roots, URL schemes).</param>
    /// <param name="outputs">Where outputs may go (the data folder).</param>
    public static IReadOnlyList<FieldError> Validate(
        CameraSpec spec, IReadOnlyDictionary<string, IReadOnlyList<string>> models, SourcePolicy sources, OutputPolicy outputs)
    {
        var errors = new List<FieldError>();
        if (!IsValidId(spec.Id))
            errors.Add(new("id", $"'{spec.Id}' is not a valid camera id: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit"));
        if (spec.Name.Length > 200)
            errors.Add(new("name", "is longer than 200 characters"));
        ValidateSource(spec, sources, errors);
        ValidateModels(spec, models, errors);
        if (!IsValidDevice(spec.Device))
            errors.Add(new("device", $"'{spec.Device}' is not a device: use auto, cpu, cuda:<n> or tensorrt:<n>"));
        if (double.IsNaN(spec.AnalysisFps) || spec.AnalysisFps <= 0 || spec.AnalysisFps > MaxAnalysisFps)
            errors.Add(new("analysisFps", $"{spec.AnalysisFps} is out of range: use more than 0 and at most {MaxAnalysisFps}"));
        ValidateDimension("analysisWidth", spec.AnalysisWidth, errors);
        ValidateDimension("analysisHeight", spec.AnalysisHeight, errors);
        ValidateOutputs(spec.Outputs, outputs, errors);
        if (spec.Loop && spec.Mode != SourceMode.File)
            errors.Add(new("loop", "only applies to file mode"));

        var classes = spec.Models
            .Where(models.ContainsKey)
            .SelectMany(m => models[m])
            .ToHashSet(StringComparer.Ordinal);
        errors.AddRange(new RuleSetValidator(classes).Validate(spec.Rules));
        return errors;
    }

    public static bool IsValidId(string id) => id is not null && CameraIdPattern().IsMatch(id);

    private static void ValidateSource(CameraSpec spec, SourcePolicy sources, List<FieldError> errors)
    {
        // A camera's file may appear after it is registered: the open reports it missing, with the path.
        sources.Resolve(spec.SourceUrl, "sourceUrl", errors, mustExist: false);
        if (!Enum.IsDefined(spec.RtspTransport))
            errors.Add(new("rtspTransport", $"'{spec.RtspTransport}' is not tcp or udp"));
    }

    private static void ValidateModels(CameraSpec spec, IReadOnlyDictionary<string, IReadOnlyList<string>> models, List<FieldError> errors)
    {
        if (spec.Models.Count == 0)
        {
            errors.Add(new("models", $"at least one model is required; known: {string.Join(", ", models.Keys.Order(StringComparer.Ordinal))}"));
            return;
        }
        for (var i = 0; i < spec.Models.Count; i++)
        {
            if (!models.ContainsKey(spec.Models[i]))
                errors.Add(new($"models[{i}]", $"unknown model '{spec.Models[i]}'; known: {string.Join(", ", models.Keys.Order(StringComparer.Ordinal))}"));
        }
        var duplicate = spec.Models.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            errors.Add(new("models", $"'{duplicate.Key}' is listed twice"));
    }

    private static void ValidateDimension(string field, int value, List<FieldError> errors)
    {
        if (value < 0 || value > MaxDimension)
            errors.Add(new(field, $"{value} is out of range: use 0 (source size) up to {MaxDimension}"));
        else if (value % 2 != 0)
            errors.Add(new(field, $"{value} must be even (video encoders need even sizes)"));
    }

    private static void ValidateOutputs(CameraOutputs outputs, OutputPolicy policy, List<FieldError> errors)
    {
        if (outputs.RtspPublishUrl is { Length: > 0 } publish) ValidatePublishUrl(publish, errors);
        if (outputs.HlsFolder is { Length: > 0 } hls)
            policy.Resolve(hls, "outputs.hlsFolder", errors);
        if (outputs.Mp4Path is { Length: > 0 } mp4)
        {
            if (!mp4.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
                errors.Add(new("outputs.mp4Path", "must end in .mp4"));
            else
                policy.Resolve(mp4, "outputs.mp4Path", errors);
        }
        if (outputs.BitrateKbps is < 100 or > 50_000)
            errors.Add(new("outputs.bitrateKbps", $"{outputs.BitrateKbps} is out of range: use 100 to 50000"));
    }

    private static void ValidatePublishUrl(string publish, List<FieldError> errors)
    {
        const string field = "outputs.rtspPublishUrl";
        var url = MediaUrl.Parse(publish);
        if (url.Scheme is not ("rtsp" or "rtsps") || !url.HasAuthority)
            errors.Add(new(field, "must be an rtsp:// or rtsps:// URL"));
        else if (publish.Any(char.IsControl))
            errors.Add(new(field, "contains a control character (newline, tab, NUL...)"));
        else if (url.Host.Length == 0 || !url.HasValidPort)
            errors.Add(new(field, "needs the RTSP server's host (and a port from 1 to 65535 if not 554)"));
    }

    private static bool IsValidDevice(string device) => DevicePattern().IsMatch(device ?? "");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex CameraIdPattern();

    [GeneratedRegex("^(auto|cpu|(cuda|tensorrt):[0-9]{1,2})$")]
    private static partial Regex DevicePattern();
}
