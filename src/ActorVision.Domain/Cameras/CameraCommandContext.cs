using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Validation;

namespace ActorVision.Domain.Cameras;

/// <summary>
/// What deciding a camera command needs from outside the camera: the model catalog, what sources and outputs may be,
/// the limits of one camera, how many cameras this node holds and may hold, spec comparison and the clock.
/// </summary>
public sealed record CameraCommandContext(
    IReadOnlyDictionary<string, IReadOnlyList<string>> ModelClasses,
    SourcePolicy Sources,
    OutputPolicy Outputs,
    DateTime Now,
    CameraLimits Limits,
    int CamerasOnNode,
    int MaxCamerasPerNode)
{
    public CameraCommandContext(IReadOnlyDictionary<string, IReadOnlyList<string>> modelClasses, SourcePolicy sources, OutputPolicy outputs, DateTime now)
        : this(modelClasses, sources, outputs, now, CameraLimits.Default, 0, int.MaxValue)
    {
    }

    /// <summary>Every problem, the limits' first; a rule set over the cap is refused for that alone, its rules unread.</summary>
    public IReadOnlyList<FieldError> Validate(CameraSpec spec)
    {
        var over = Limits.Check(spec);
        return spec.Rules.Count > Limits.MaxRules ? over : [.. over, .. CameraSpecValidator.Validate(spec, ModelClasses, Sources, Outputs)];
    }

    /// <summary>Whether this node may take one more camera.</summary>
    public bool NodeIsFull => CamerasOnNode >= MaxCamerasPerNode;

    public bool SameSpec(CameraSpec a, CameraSpec b) => CameraSpecComparer.Instance.Equals(a, b);
}
