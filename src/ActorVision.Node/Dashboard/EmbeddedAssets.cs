using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ActorVision.Node.Dashboard;

/// <summary>
/// The dashboard's files, built into the node's assembly (logical names <c>dashboard/...</c>), read once at start with
/// their ETags. A name that is not among them is simply not found: asking for random names costs nothing and keeps
/// nothing.
/// </summary>
public sealed class EmbeddedAssets
{
    private const string Prefix = "dashboard/";
    private readonly FrozenDictionary<string, Asset> _assets;

    public EmbeddedAssets()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n => Load(assembly, n), StringComparer.Ordinal);
    }

    public sealed record Asset(byte[] Content, string ContentType, string ETag);

    public IEnumerable<string> Names => _assets.Keys;

    public Asset? Find(string name) => _assets.GetValueOrDefault(name);

    private static Asset Load(System.Reflection.Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
        return new Asset(content, ContentType(resource), etag);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
