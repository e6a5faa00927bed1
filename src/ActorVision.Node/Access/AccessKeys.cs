using System.Security.Cryptography;
using System.Text;

namespace ActorVision.Node.Access;

/// <summary>
/// The keys a node accepts, each with a name and a role. Only their SHA-256 hashes are kept, and a presented key is
/// compared with every one of them in constant time, so neither the content nor the length of a guess, nor which key
/// it came close to, shows in the timing.
/// </summary>
public sealed class AccessKeys
{
    public const int MinimumLength = 16;

    private readonly Entry[] _entries;

    public AccessKeys(IEnumerable<(Caller Caller, string Key)> keys)
    {
        _entries = keys.Select(k => new Entry(k.Caller, Hash(k.Key))).ToArray();
    }

    public static AccessKeys None { get; } = new([]);

    /// <summary>No keys: every caller is <see cref="Caller.Anonymous"/>.</summary>
    public bool IsEmpty => _entries.Length == 0;

    public IReadOnlyList<Caller> Callers => _entries.Select(e => e.Caller).ToArray();

    /// <summary>The caller whose key this is, or null.</summary>
    public Caller? Find(string presented)
    {
        var hash = Hash(presented);
        Caller? found = null;
        // No early exit: every comparison runs whatever matched.
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash)) found ??= entry.Caller;
        }
        return found;
    }

    /// <summary>
    /// The key that signs session cookies, derived from every key the node has: nodes configured with the same keys
    /// accept each other's sessions, a key known to a viewer cannot forge an admin session, and changing any key ends
    /// every session.
    /// </summary>
    public byte[] SessionSigningKey()
    {
        var material = new List<byte>();
        foreach (var entry in _entries.OrderBy(e => e.Caller.Name, StringComparer.Ordinal))
        {
            material.AddRange(Encoding.UTF8.GetBytes(entry.Caller.Name + "\n" + entry.Caller.Role + "\n"));
            material.AddRange(entry.Hash);
        }
        return HMACSHA256.HashData("actorvision session cookie v1"u8, material.ToArray());
    }

    /// <summary>Why a key is unfit, or null: long enough to resist guessing, and safe in an HTTP header.</summary>
    public static string? Problem(string key)
    {
        if (key.Length < MinimumLength) return $"is shorter than {MinimumLength} characters (make one with: openssl rand -hex 32)";
        if (key.Any(c => c is <= ' ' or > '~')) return "holds a space, a control character or a non-ASCII character (it travels in an HTTP header)";
        return null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entry(Caller Caller, byte[] Hash);
}
