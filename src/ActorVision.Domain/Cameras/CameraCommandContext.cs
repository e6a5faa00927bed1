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

    /// <summary>The limits first: a spec far over one is refused for that alone, without validating all of it.</summary>
    public IReadOnlyList<FieldError> Validate(CameraSpec spec) =>
        Limits.Check(spec) is { Count: > 0 } over ? over : CameraSpecValidator.Validate(spec, ModelClasses, Sources, Outputs);

    /// <summary>Whether this node may take one more camera.</summary>
    public bool NodeIsFull => CamerasOnNode >= MaxCamerasPerNode;

    public bool SameSpec(CameraSpec a, CameraSpec b) => CameraSpecComparer.Instance.Equals(a, b);
}
