using ActorVision.Common;
using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Validation;

namespace ActorVision.Cluster.CameraFile;

/// <summary>What reading a camera file needs from the node: the catalog's models and classes, defaults, where relative
/// file sources start, and what sources and outputs may be.</summary>
/// <param name="ContentRoot">Relative file sources resolve here (the folder holding the configuration folder, as for model files).</param>
public sealed record CameraFileContext(
    IReadOnlyDictionary<string, IReadOnlyList<string>> ModelClasses,
    double DefaultAnalysisFps,
    string ContentRoot,
    SourcePolicy Sources,
    OutputPolicy Outputs)
{
    public IReadOnlyList<FieldError> Validate(CameraSpec spec) => CameraSpecValidator.Validate(spec, ModelClasses, Sources, Outputs);

    /// <summary>A relative path becomes absolute under <see cref="ContentRoot"/>; URLs, FFmpeg's other protocols
    /// (<c>concat:</c>, refused by the policy as what they are) and absolute paths stay as they are.</summary>
    public string ResolveSource(string source) =>
        source.Length == 0 || MediaUrl.SchemeOf(source) is not null || Path.IsPathRooted(source)
            ? source
            : Path.GetFullPath(source, ContentRoot);
}
