namespace ActorVision.Core.Confinement;

/// <summary>Paths with every symbolic link on the way resolved, so a link cannot lead a check astray.</summary>
public static class RealPaths
{
    private const int MaxLinks = 40;

    /// <summary>
    /// The real path of <paramref name="fullPath"/> (like <c>realpath -m</c>): links of the parts that exist are
    /// followed, the parts that do not exist yet are appended as written. Null for a loop of links.
    /// </summary>
    /// <param name="exists">Whether the whole path exists.</param>
    public static string? Resolve(string fullPath, out bool exists)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        var pending = new Stack<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var hops = 0;
        exists = true;
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
            if (!exists)
            {
                current = next;
                continue;
            }
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinks) return null;
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
                foreach (var p in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                    pending.Push(p);
                current = resolvedRoot;
                continue;
            }
            if (!info.Exists) exists = false;
            current = next;
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both full paths).</summary>
    public static bool IsInside(string path, string folder, bool orSame = false)
    {
        if (orSame && string.Equals(path.TrimEnd(Path.DirectorySeparatorChar), folder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            return true;
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>A folder's real path, or its full path when it does not exist (yet).</summary>
    public static string Folder(string folder)
    {
        var full = Path.GetFullPath(folder);
        return Resolve(full, out _) ?? full;
    }
}
