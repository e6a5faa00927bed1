using System.Diagnostics;

namespace ActorVision.Node.Tests.Support;

/// <summary>What this process holds: threads, open file descriptors, resident and managed memory.</summary>
public readonly record struct ProcessResources(int Threads, int FileDescriptors, long ResidentBytes, long ManagedBytes)
{
    public static ProcessResources Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return new ProcessResources(self.Threads.Count, Directory.GetFiles("/proc/self/fd").Length, kb * 1024, GC.GetTotalMemory(forceFullCollection: true));
    }

    public override string ToString() =>
        $"{Threads} threads, {FileDescriptors} fds, {ResidentBytes / (1024 * 1024)} MiB resident, {ManagedBytes / (1024 * 1024)} MiB managed";
}
