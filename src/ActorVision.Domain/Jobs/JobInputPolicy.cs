using ActorVision.Core.Validation;

namespace ActorVision.Domain.Jobs;

/// <summary>
/// Which inputs a job may read: files inside the configured media roots (after resolving every symlink, so a link
/// cannot lead out), and URLs whose scheme the operator allowed. Everything else is refused with a reason that
/// names <c>spec.input</c>.
/// </summary>
public sealed class JobInputPolicy
{
    public const string Field = "spec.input";
    private readonly IReadOnlyList<string> _roots;
    private readonly IReadOnlyList<string> _schemes;

    public JobInputPolicy(IReadOnlyList<string> mediaRoots, IReadOnlyList<string> allowedSchemes)
    {
        // The roots themselves may be symlinks (a mounted volume): compare real paths with real paths.
        _roots = mediaRoots.Select(r => RealPath(Path.GetFullPath(r)) ?? Path.GetFullPath(r)).ToArray();
        _schemes = allowedSchemes;
    }

    /// <summary>What to open for <paramref name="input"/>: a real path inside a media root, or the URL; null with the reason otherwise.</summary>
    public string? Resolve(string input, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            errors.Add(new(Field, "is required: a file under the media root or an allowed URL"));
            return null;
        }
        if (input.Contains('\0'))
        {
            errors.Add(new(Field, "contains a NUL character"));
            return null;
        }
        var schemeEnd = input.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && !input.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            return ResolveUrl(input, input[..schemeEnd].ToLowerInvariant(), errors);
        var path = input.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(input, UriKind.Absolute, out var uri)
            ? uri.LocalPath
            : input;
        return ResolvePath(path, errors);
    }

    private string? ResolveUrl(string url, string scheme, List<FieldError> errors)
    {
        if (!_schemes.Contains(scheme))
        {
            var allowed = _schemes.Count == 0 ? "none are allowed on this cluster" : "allowed: " + string.Join(", ", _schemes);
            errors.Add(new(Field, $"URL scheme '{scheme}' is not allowed for jobs ({allowed}; or give a file under the media root)"));
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            errors.Add(new(Field, "is not a valid URL (no host)"));
            return null;
        }
        return url;
    }

    private string? ResolvePath(string path, List<FieldError> errors)
    {
        if (_roots.Count == 0)
        {
            errors.Add(new(Field, "no media root is configured on this cluster (actorvision.jobs.media-roots), so no file can be analysed"));
            return null;
        }
        var segments = path.Split('/', '\\');
        if (segments.Contains(".."))
        {
            errors.Add(new(Field, $"'{path}' contains '..': give a path inside the media root"));
            return null;
        }
        var candidates = Path.IsPathRooted(path) ? [Path.GetFullPath(path)] : _roots.Select(root => Path.GetFullPath(Path.Combine(root, path))).ToArray();
        foreach (var candidate in candidates)
        {
            var real = RealPath(candidate);
            if (real is null) continue;
            if (!_roots.Any(root => IsInside(real, root)))
            {
                errors.Add(new(Field, Path.IsPathRooted(path) && !_roots.Any(root => IsInside(candidate, root))
                    ? $"'{path}' is outside the media root ({string.Join(", ", _roots)})"
                    : $"'{path}' leads outside the media root through a symbolic link"));
                return null;
            }
            if (Directory.Exists(real))
            {
                errors.Add(new(Field, $"'{path}' is a folder, not a video file"));
                return null;
            }
            return real;
        }
        if (Path.IsPathRooted(path) && !_roots.Any(root => IsInside(Path.GetFullPath(path), root)))
            errors.Add(new(Field, $"'{path}' is outside the media root ({string.Join(", ", _roots)})"));
        else
            errors.Add(new(Field, $"'{path}' was not found under the media root ({string.Join(", ", _roots)})"));
        return null;
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link on the way resolved (like realpath(3)); null when it does not exist.</summary>
    internal static string? RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        var pending = new Stack<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists) return null;
            if (info.LinkTarget is { } target)
            {
                if (++hops > 40) return null; // a loop of links
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
                foreach (var p in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                    pending.Push(p);
                current = resolvedRoot;
                continue;
            }
            current = next;
        }
        return current;
    }
}
