using System.Net;
using ActorVision.Common;
using ActorVision.Core.Validation;

namespace ActorVision.Core.Confinement;

/// <summary>
/// What a camera or a job may read, one policy for both: files inside the media roots (after resolving every
/// symbolic link, so a link cannot lead out) and URLs whose scheme the operator allowed, connecting to a host (never
/// a listening socket). Addresses are read as FFmpeg reads them (<see cref="MediaUrl"/>): <c>concat:</c>,
/// <c>subfile,</c>, <c>pipe:</c>, <c>data:</c> are protocols, not file names, and are refused like any scheme not on
/// the list. Checked when a spec is registered, updated or submitted, and again when the source opens.
/// </summary>
public sealed class SourcePolicy
{
    /// <summary>The network schemes ActorVision can read, and so the only ones an operator may allow.</summary>
    public static IReadOnlyList<string> KnownSchemes { get; } = ["rtsp", "rtsps", "http", "https", "rtmp", "rtmps", "srt", "udp"];

    /// <summary>Schemes of live streams: they never end, so they are cameras, never jobs.</summary>
    public static IReadOnlyList<string> LiveSchemes { get; } = ["rtsp", "rtsps", "rtmp", "rtmps", "srt", "udp"];

    /// <summary>The defaults: IP cameras (RTSP) and HLS, MJPEG or progressive files over HTTP(S).</summary>
    public static IReadOnlyList<string> DefaultSchemes { get; } = ["rtsp", "rtsps", "http", "https"];

    public const int MaxLength = 4096;

    // Query keys that ask FFmpeg to open a listening socket instead of connecting (tcp/tls/http ?listen, srt
    // mode=listener or rendezvous, RTSP's rtsp_flags=listen).
    private static readonly string[] ListenKeys = ["listen", "rtsp_flags", "listen_timeout"];
    private static readonly string[] ListenModes = ["listener", "server", "rendezvous"];

    private readonly IReadOnlyList<string> _roots;

    /// <param name="mediaRoots">Folders files may be read from (full paths; they may be symbolic links themselves).</param>
    /// <param name="allowedSchemes">URL schemes sources may use, from <see cref="KnownSchemes"/>.</param>
    public SourcePolicy(IEnumerable<string> mediaRoots, IEnumerable<string> allowedSchemes)
    {
        // Mounted volumes are often links: compare real paths with real paths.
        _roots = mediaRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(RealPaths.Folder).Distinct().ToArray();
        AllowedSchemes = allowedSchemes.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().ToArray();
        var unknown = AllowedSchemes.Where(s => !KnownSchemes.Contains(s)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"unknown or unsafe source scheme(s) {string.Join(", ", unknown)}: allow only {string.Join(", ", KnownSchemes)}"
                + (unknown.Contains("file") ? " ('file' would bypass the media roots: list the folder as a media root instead)" : ""),
                nameof(allowedSchemes));
        }
    }

    /// <summary>Real paths of the media roots.</summary>
    public IReadOnlyList<string> MediaRoots => _roots;

    public IReadOnlyList<string> AllowedSchemes { get; }

    /// <summary>
    /// What to open for <paramref name="input"/>: the real path of a file inside a media root, or the URL as given.
    /// Null, with every reason in <paramref name="errors"/> under <paramref name="field"/>, when it is refused.
    /// </summary>
    /// <param name="mustExist">Refuse a file that does not exist (a job); a camera's file may appear later.</param>
    public string? Resolve(string? input, string field, List<FieldError> errors, bool mustExist)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            errors.Add(new(field, "is required: a file under a media root or a URL (" + string.Join(", ", AllowedSchemes.Select(s => s + "://")) + ")"));
            return null;
        }
        if (input.Length > MaxLength)
        {
            errors.Add(new(field, $"is longer than {MaxLength} characters"));
            return null;
        }
        if (input.Any(char.IsControl))
        {
            errors.Add(new(field, "contains a control character (newline, tab, NUL...)"));
            return null;
        }
        var url = MediaUrl.Parse(input);
        if (url.Scheme is null) return ResolvePath(input, field, errors, mustExist);
        if (url.Scheme == "file") return ResolveFileUrl(url, input, field, errors, mustExist);
        return ResolveUrl(url, input, field, errors);
    }

    private string? ResolveUrl(MediaUrl url, string input, string field, List<FieldError> errors)
    {
        var scheme = url.Scheme!;
        if (!AllowedSchemes.Contains(scheme))
        {
            var allowed = AllowedSchemes.Count == 0 ? "no URL scheme is allowed on this cluster" : "allowed: " + string.Join(", ", AllowedSchemes);
            var what = KnownSchemes.Contains(scheme) ? $"URL scheme '{scheme}'" : $"'{scheme}:' (an FFmpeg protocol or scheme ActorVision does not read)";
            errors.Add(new(field, $"{what} is not allowed ({allowed}; or give a file under a media root)"));
            return null;
        }
        var before = errors.Count;
        if (!url.HasAuthority)
        {
            errors.Add(new(field, $"is not a valid URL: use {scheme}://host[:port]/path"));
            return null;
        }
        if (url.Host.Length == 0)
            errors.Add(new(field, url.Port.Length > 0
                ? $"has no host, so FFmpeg would listen on local port {url.Port}: give the address of the camera or server"
                : "has no host: give the address of the camera or server"));
        else if (!IsHostName(url.Host))
            errors.Add(new(field, $"host '{url.Host}' is not a host name or address"));
        else if (IPAddress.TryParse(url.Host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            errors.Add(new(field, $"'{url.Host}' is a wildcard address, where a server listens: give the address of the camera or server"));
        else if (scheme == "udp" && !(IPAddress.TryParse(url.Host, out var group) && IsMulticast(group)))
            errors.Add(new(field, "udp:// reads multicast groups only (224.0.0.0/4, ff00::/8): FFmpeg receives a unicast udp:// URL by listening on a local port"));
        if (!url.HasValidPort)
            errors.Add(new(field, $"port '{url.Port}' is not a number from 1 to 65535 (a '/', '?', '#' or '@' in a user name or password must be percent-encoded: %2F, %3F, %23, %40)"));
        foreach (var (key, value) in (url.Query is { } q ? MediaUrl.Pairs(q) : []).Concat(url.Fragment is { } f ? MediaUrl.Pairs(f) : []))
        {
            var name = key.ToLowerInvariant();
            if (ListenKeys.Contains(name) || (name == "mode" && ListenModes.Contains(value?.ToLowerInvariant())))
            {
                errors.Add(new(field, $"'{key}{(value is null ? "" : "=" + value)}' asks FFmpeg to listen for connections: ActorVision only connects to sources"));
                break;
            }
        }
        return errors.Count > before ? null : input;
    }

    private string? ResolveFileUrl(MediaUrl url, string input, string field, List<FieldError> errors, bool mustExist)
    {
        if (!url.HasAuthority) return ResolvePath(url.Path, field, errors, mustExist);
        if (url.Host.Length > 0 && !url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(field, $"'{UrlRedaction.Redact(input)}' names another host: a file: URL must be a local path"));
            return null;
        }
        if (url.Query is not null || url.Fragment is not null || url.HasUserInfo)
        {
            errors.Add(new(field, "a file: URL has only a path (no user, query or fragment)"));
            return null;
        }
        string path;
        try
        {
            path = Uri.UnescapeDataString(url.Path);
        }
        catch (UriFormatException)
        {
            errors.Add(new(field, "is not a valid file: URL"));
            return null;
        }
        if (path.Any(char.IsControl))
        {
            errors.Add(new(field, "contains a control character (newline, tab, NUL...)"));
            return null;
        }
        return ResolvePath(path, field, errors, mustExist);
    }

    private string? ResolvePath(string path, string field, List<FieldError> errors, bool mustExist)
    {
        var roots = string.Join(", ", _roots);
        if (_roots.Count == 0)
        {
            errors.Add(new(field, "no media root is configured on this cluster (actorvision.sources.media-roots), so no file can be read"));
            return null;
        }
        if (path.Split('/', '\\').Contains(".."))
        {
            errors.Add(new(field, $"'{path}' contains '..': give a path inside a media root ({roots})"));
            return null;
        }
        var candidates = Path.IsPathRooted(path) ? [Path.GetFullPath(path)] : _roots.Select(root => Path.GetFullPath(Path.Combine(root, path))).ToArray();
        string? missing = null;
        foreach (var candidate in candidates)
        {
            var resolved = RealPaths.Resolve(candidate, out var exists);
            if (resolved is null || !_roots.Any(root => RealPaths.IsInside(resolved, root)))
            {
                errors.Add(new(field, _roots.Any(root => RealPaths.IsInside(candidate, root))
                    ? $"'{path}' leads outside the media roots ({roots}) through a symbolic link"
                    : $"'{path}' is outside the media roots ({roots})"));
                return null;
            }
            if (!exists)
            {
                missing ??= resolved;
                continue;
            }
            if (Directory.Exists(resolved))
            {
                errors.Add(new(field, $"'{path}' is a folder, not a video file"));
                return null;
            }
            return resolved;
        }
        if (!mustExist) return missing;
        errors.Add(new(field, $"'{path}' was not found under the media roots ({roots})"));
        return null;
    }

    private static bool IsHostName(string host) =>
        host.Length <= 253 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':' or '%');

    private static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
