using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ActorVision.Node.Dashboard;

/// <summary>The dashboard's files, built into the node's assembly (logical names <c>dashboard/...</c>), with ETags.</summary>
public sealed class EmbeddedAssets
{
    private readonly ConcurrentDictionary<string, Asset?> _cache = new(StringComparer.Ordinal);

    public sealed record Asset(byte[] Content, string ContentType, string ETag);

    public Asset? Find(string name) => _cache.GetOrAdd(name, Load);

    private static Asset? Load(string name)
    {
        if (name.Contains("..", StringComparison.Ordinal)) return null;
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream("dashboard/" + name);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
        return new Asset(content, ContentType(name), etag);
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
