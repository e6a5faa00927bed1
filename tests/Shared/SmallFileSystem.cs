using System.Diagnostics;

namespace ActorVision.Tests;

/// <summary>
/// A small file system of its own (tmpfs with a size limit) that a test can fill to run a node's disk low for real.
/// Mounting needs root (CI runs as root); <see cref="TryMount"/> answers null elsewhere (or with AV_TEST_NO_TMPFS=1,
/// to exercise that path) and the test says what it could not check.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string folder, long size)
    {
        Folder = folder;
        Size = size;
    }

    public string Folder { get; }
    public long Size { get; }

    private readonly List<string> _ballast = [];

    public static SmallFileSystem? TryMount(long size)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Environment.GetEnvironmentVariable("AV_TEST_NO_TMPFS") == "1") return null;
        var folder = Directory.CreateTempSubdirectory("av-small-fs-").FullName;
        if (Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0777", "tmpfs", folder) == 0) return new SmallFileSystem(folder, size);
        Directory.Delete(folder);
        return null;
    }

    /// <summary>Fills the file system until about <paramref name="free"/> bytes are left (adding or freeing ballast).</summary>
    public void FillUntilFree(long free)
    {
        // The ballast grows by a preallocated file and shrinks by truncation: the free space moves straight from its old
        // value to the new one (page by page), never through an empty disk as deleting and rewriting it would.
        var available = new DriveInfo(Folder).AvailableFreeSpace;
        if (available > free)
        {
            var path = Path.Combine(Folder, $"ballast-{_ballast.Count}");
            using var ballast = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = available - free });
            // Preallocated blocks may lie past the end of the file; its length covers them, so a truncation frees them.
            ballast.SetLength(available - free);
            _ballast.Add(path);
            return;
        }
        var release = free - available;
        for (var i = _ballast.Count - 1; i >= 0 && release > 0; i--)
        {
            using var file = new FileStream(_ballast[i], FileMode.Open, FileAccess.Write);
            var cut = Math.Min(release, file.Length);
            file.SetLength(file.Length - cut);
            release -= cut;
        }
    }

    /// <summary>Deletes the ballast: the space is free again.</summary>
    public void Empty()
    {
        foreach (var path in _ballast) File.Delete(path);
        _ballast.Clear();
    }

    public void Dispose()
    {
        // Lazy: a process still holding a file open (a pooled SQLite connection) must not keep the mount alive.
        Run("umount", "-l", Folder);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private static int Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
