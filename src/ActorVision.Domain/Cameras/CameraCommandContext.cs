using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;

namespace ActorVision.Domain.Cameras;

/// <summary>What deciding a camera command needs from outside the camera: the model catalog, spec comparison and the clock.</summary>
public sealed record CameraCommandContext(
    IReadOnlyDictionary<string, IReadOnlyList<string>> ModelClasses,
    DateTime Now)
{
    public IReadOnlyList<FieldError> Validate(CameraSpec spec) => CameraSpecValidator.Validate(spec, ModelClasses);

    public bool SameSpec(CameraSpec a, CameraSpec b) => CameraSpecComparer.Instance.Equals(a, b);
}
