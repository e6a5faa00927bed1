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

    private string Ballast => Path.Combine(Folder, "ballast.bin");

    public static SmallFileSystem? TryMount(long size)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Environment.GetEnvironmentVariable("AV_TEST_NO_TMPFS") == "1") return null;
        var folder = Directory.CreateTempSubdirectory("av-small-fs-").FullName;
        if (Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0777", "tmpfs", folder) == 0) return new SmallFileSystem(folder, size);
        Directory.Delete(folder);
        return null;
    }

    /// <summary>Fills the file system until about <paramref name="free"/> bytes are left (replacing earlier ballast).</summary>
    public void FillUntilFree(long free)
    {
        File.Delete(Ballast);
        var available = new DriveInfo(Folder).AvailableFreeSpace;
        var size = Math.Max(0, available - free);
        using var file = new FileStream(Ballast, FileMode.Create, FileAccess.Write);
        var chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk);
        for (long written = 0; written < size; written += chunk.Length)
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
    }

    /// <summary>Deletes the ballast: the space is free again.</summary>
    public void Empty() => File.Delete(Ballast);

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
