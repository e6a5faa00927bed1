namespace ActorVision.Common;

/// <summary>
/// A source or target address split the way FFmpeg splits it (libavformat's <c>url_find_protocol</c> and
/// <c>av_url_split</c>), so that what the node checks and redacts is what FFmpeg will act on. FFmpeg takes the
/// protocol from the leading <c>[A-Za-z0-9+.-]</c> run when a <c>:</c> follows it (<c>concat:a|b</c> is the concat
/// protocol, not a file), ends the authority at the first <c>/</c>, <c>?</c> or <c>#</c>, and splits the user info
/// at the LAST <c>@</c> of the authority (<c>rtsp://admin:p@ss@cam</c> is user <c>admin</c>, password <c>p@ss</c>).
/// </summary>
public sealed record MediaUrl
{
    private const string SchemeCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";

    /// <summary>The protocol FFmpeg would pick, lower-case; null for a plain file path.</summary>
    public string? Scheme { get; private init; }

    /// <summary>Whether the address has <c>//</c> and an authority after the scheme (<c>rtsp://host</c>, not <c>concat:x</c>).</summary>
    public bool HasAuthority { get; private init; }

    /// <summary>Everything before the last <c>@</c> of the authority, without the <c>@</c>; empty when there is none.</summary>
    public string UserInfo { get; private init; } = "";

    public bool HasUserInfo { get; private init; }

    /// <summary>The host, without IPv6 brackets.</summary>
    public string Host { get; private init; } = "";

    /// <summary>The port as written after the host's <c>:</c>; empty when there is none.</summary>
    public string Port { get; private init; } = "";

    /// <summary>For URLs: from the first <c>/</c> to the query. For paths and authority-less URLs: everything after the scheme.</summary>
    public string Path { get; private init; } = "";

    /// <summary>After <c>?</c>, without it; null when there is no <c>?</c>.</summary>
    public string? Query { get; private init; }

    /// <summary>After <c>#</c>, without it; null when there is no <c>#</c>.</summary>
    public string? Fragment { get; private init; }

    public bool IsFile => Scheme is null or "file";

    /// <summary>Whether <see cref="Port"/> is empty or a TCP/UDP port number.</summary>
    public bool HasValidPort => Port.Length == 0 || (Port.All(char.IsAsciiDigit) && Port.Length <= 5 && int.Parse(Port, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 65535);

    public static MediaUrl Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scheme = SchemeOf(text);
        if (scheme is null) return new MediaUrl { Path = text };
        var rest = text[(text.IndexOf(':') + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
            return new MediaUrl { Scheme = scheme, Path = rest };

        rest = rest[2..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        if (authorityEnd < 0) authorityEnd = rest.Length;
        var authority = rest[..authorityEnd];
        var tail = rest[authorityEnd..];

        var at = authority.LastIndexOf('@');
        var userInfo = at >= 0 ? authority[..at] : "";
        var hostPort = at >= 0 ? authority[(at + 1)..] : authority;
        string host, port;
        if (hostPort.StartsWith('[') && hostPort.IndexOf(']') is var close and > 0)
        {
            host = hostPort[1..close];
            port = hostPort.Length > close + 1 && hostPort[close + 1] == ':' ? hostPort[(close + 2)..] : "";
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            port = colon >= 0 ? hostPort[(colon + 1)..] : "";
        }

        string? fragment = null, query = null;
        var hash = tail.IndexOf('#');
        if (hash >= 0)
        {
            fragment = tail[(hash + 1)..];
            tail = tail[..hash];
        }
        var question = tail.IndexOf('?');
        if (question >= 0)
        {
            query = tail[(question + 1)..];
            tail = tail[..question];
        }
        return new MediaUrl
        {
            Scheme = scheme,
            HasAuthority = true,
            UserInfo = userInfo,
            HasUserInfo = at >= 0,
            Host = host,
            Port = port,
            Path = tail,
            Query = query,
            Fragment = fragment,
        };
    }

    /// <summary>The protocol FFmpeg reads <paramref name="text"/> with, lower-case; null for a file path.</summary>
    public static string? SchemeOf(string text)
    {
        var length = 0;
        while (length < text.Length && SchemeCharacters.Contains(text[length])) length++;
        if (length < text.Length && text[length] == ':') return text[..length].ToLowerInvariant();
        // FFmpeg's one exception: subfile's options come before the colon (subfile,,start,0,end,9,,:/etc/passwd).
        if (text.StartsWith("subfile,", StringComparison.OrdinalIgnoreCase) && text.IndexOf(':', 8) > 0) return "subfile";
        return null;
    }

    /// <summary>The <c>key=value</c> pairs of a query or fragment, split on <c>&amp;</c> and <c>;</c>, in order.</summary>
    public static IEnumerable<(string Key, string? Value)> Pairs(string query)
    {
        foreach (var part in query.Split('&', ';'))
        {
            var equals = part.IndexOf('=');
            yield return equals < 0 ? (part, null) : (part[..equals], part[(equals + 1)..]);
        }
    }
}
