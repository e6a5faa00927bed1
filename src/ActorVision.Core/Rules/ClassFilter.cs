using System.Collections.ObjectModel;

namespace ActorVision.Core.Rules;

/// <summary>
/// The object classes a rule applies to, by the class names the camera's models report. Empty means every
/// class. Compares by value, so rule specs holding one stay equal when rebuilt from the same configuration.
/// </summary>
public sealed class ClassFilter : IEquatable<ClassFilter>
{
    private readonly string[] _names;

    public ClassFilter(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = names.ToArray();
        Names = new ReadOnlyCollection<string>(_names);
    }

    public static ClassFilter Any { get; } = new([]);

    public static ClassFilter Of(params string[] names) => new(names);

    public IReadOnlyList<string> Names { get; }

    public bool IsAny => _names.Length == 0;

    /// <summary>Ordinal comparison; allocation-free.</summary>
    public bool Matches(string label)
    {
        var names = _names;
        if (names.Length == 0) return true;
        for (var i = 0; i < names.Length; i++)
            if (string.Equals(names[i], label, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool Equals(ClassFilter? other) =>
        other is not null && (ReferenceEquals(this, other) || _names.AsSpan().SequenceEqual(other._names));

    public override bool Equals(object? obj) => Equals(obj as ClassFilter);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in _names) hash.Add(name, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public static bool operator ==(ClassFilter? left, ClassFilter? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(ClassFilter? left, ClassFilter? right) => !(left == right);

    public override string ToString() => IsAny ? "any class" : string.Join(", ", _names);
}
