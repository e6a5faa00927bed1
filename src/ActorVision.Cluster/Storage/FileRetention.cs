using System.IO.Enumeration;
using System.Text.RegularExpressions;
using ActorVision.Domain.Storage;

namespace ActorVision.Cluster.Storage;

/// <summary>
/// Keeps one kind of file output of this node within its <see cref="RetentionBudget"/>: event snapshots
/// (<c>{data}/snapshots/&lt;camera&gt;/*.jpg</c>), live recordings (segments named <c>&lt;name&gt;-YYYYMMDD-HHMMSS.mp4</c>
/// anywhere in the data folder) or job folders (<c>{data}/jobs/&lt;job&gt;/</c>, each deleted whole). Walks and deletes
/// synchronously: run it on a thread that may block (<see cref="RetentionSweeper"/>). Symbolic links are never
/// followed; a file that cannot be deleted is skipped and reported.
/// </summary>
public sealed partial class FileRetention : IRetentionStep
{
    private readonly RetentionBudget _budget;
    private readonly TimeSpan _activeGrace;
    private readonly Func<IEnumerable<StoredItem>> _scan;
    private readonly bool _folders;

    private FileRetention(string kind, RetentionBudget budget, TimeSpan activeGrace, Func<IEnumerable<StoredItem>> scan, bool folders)
    {
        Kind = kind;
        _budget = budget;
        _activeGrace = activeGrace;
        _scan = scan;
        _folders = folders;
    }

    public string Kind { get; }
    public bool OncePerCluster => false;

    public static FileRetention Snapshots(string dataFolder, RetentionBudget budget, TimeSpan activeGrace) =>
        new("snapshots", budget, activeGrace, () => Files(Path.Combine(dataFolder, "snapshots"), recurse: _ => true,
            name => name.EndsWith(".jpg", StringComparison.Ordinal), group: null), folders: false);

    /// <summary>Segments of live recordings; the newest of each recording is kept (it may be open).</summary>
    public static FileRetention Recordings(string dataFolder, RetentionBudget budget, TimeSpan activeGrace)
    {
        // Snapshots and jobs hold no segments: not walked.
        var skip = new[] { Path.Combine(dataFolder, "snapshots"), Path.Combine(dataFolder, "jobs") };
        return new("recordings", budget, activeGrace, () => Files(dataFolder,
            recurse: folder => !skip.Contains(folder, StringComparer.Ordinal),
            name => SegmentName().IsMatch(name),
            group: path => Path.Combine(Path.GetDirectoryName(path)!, SegmentName().Match(Path.GetFileName(path)).Groups["stem"].Value)), folders: false);
    }

    public static FileRetention JobFolders(string dataFolder, RetentionBudget budget, TimeSpan activeGrace) =>
        new("jobs", budget, activeGrace, () => Folders(Path.Combine(dataFolder, "jobs")), folders: true);

    public Task<RetentionReport> RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (_budget.IsUnlimited) return Task.FromResult(new RetentionReport(Kind, 0, 0));
        var expired = _budget.Expired(_scan().ToArray(), now, _activeGrace);
        long deleted = 0, freed = 0;
        string? error = null;
        foreach (var item in expired)
        {
            if (cancellationToken.IsCancellationRequested) break;
            try
            {
                if (_folders) Directory.Delete(item.Path, recursive: true);
                else File.Delete(item.Path);
                deleted++;
                freed += item.Bytes;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = $"{item.Path}: {ex.Message}";
            }
        }
        return Task.FromResult(new RetentionReport(Kind, deleted, freed, error));
    }

    private static IEnumerable<StoredItem> Files(string root, Func<string, bool> recurse, Func<string, bool> select, Func<string, string>? group)
    {
        if (!Directory.Exists(root)) return [];
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return new FileSystemEnumerable<StoredItem>(root,
            (ref FileSystemEntry entry) =>
            {
                var path = entry.ToFullPath();
                return new StoredItem(path, entry.Length, entry.LastWriteTimeUtc.UtcDateTime, group?.Invoke(path));
            }, options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && select(entry.FileName.ToString()),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => recurse(entry.ToFullPath()),
        };
    }

    /// <summary>
    /// Each folder under <paramref name="root"/> as one item: its files' total size and newest write (the folder's
    /// own time while it holds no file yet, so a job that just made its folder is young).
    /// </summary>
    private static IEnumerable<StoredItem> Folders(string root)
    {
        if (!Directory.Exists(root)) yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            long bytes = 0;
            DateTime? newest = null;
            foreach (var file in folder.EnumerateFiles("*", options))
            {
                bytes += file.Length;
                if (newest is null || file.LastWriteTimeUtc > newest) newest = file.LastWriteTimeUtc;
            }
            yield return new StoredItem(folder.FullName, bytes, newest ?? folder.LastWriteTimeUtc);
        }
    }

    /// <summary>A recording segment's name (see SegmentedMp4Output): the stem, then -YYYYMMDD-HHMMSS, maybe -N.</summary>
    [GeneratedRegex(@"^(?<stem>.+)-\d{8}-\d{6}(-\d+)?\.mp4$")]
    private static partial Regex SegmentName();
}
