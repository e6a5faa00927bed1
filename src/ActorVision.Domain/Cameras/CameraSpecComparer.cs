using ActorVision.Core.Cameras;

namespace ActorVision.Domain.Cameras;

/// <summary>
/// Compares camera specs by value. Records compare lists by reference, so a spec rebuilt from the same camera file
/// or API call would otherwise always look changed (and restart the camera for nothing).
/// </summary>
public sealed class CameraSpecComparer : IEqualityComparer<CameraSpec>
{
    public static CameraSpecComparer Instance { get; } = new();

    public bool Equals(CameraSpec? a, CameraSpec? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && EqualsIgnoringRules(a, b) && a.Rules.SequenceEqual(b.Rules));

    /// <summary>True when only the rules differ: the pipeline applies those without restarting.</summary>
    public bool EqualsIgnoringRules(CameraSpec a, CameraSpec b) =>
        a.Models.SequenceEqual(b.Models) && a with { Models = b.Models, Rules = b.Rules } == b;

    public int GetHashCode(CameraSpec spec) => HashCode.Combine(spec.Id, spec.SourceUrl, spec.Models.Count, spec.Rules.Count);
}
