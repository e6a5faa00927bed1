using System.Globalization;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>CPU time (user + system, all threads) and resident memory of a process, from /proc.</summary>
public static class ProcessUsage
{
    // USER_HZ: the unit of /proc/PID/stat times on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of <paramref name="pid"/> (its own threads), or null once it has gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Resident set size in bytes, or 0 once the process has gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        return 0;
    }

    public static int Self => Environment.ProcessId;

    /// <summary>Bytes this process's C allocator has handed out and not had back, over all arenas, mmapped blocks
    /// included (glibc <c>mallinfo2</c>): FFmpeg's decoders, ONNX Runtime, SQLite. Resident memory above it and the
    /// managed heap is code, stacks and the allocators' free space.</summary>
    public static long NativeInUseBytes()
    {
        var info = MallInfo2();
        return (long)(info.InUseArenaBytes + info.MmappedBytes);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();

    /// <summary>glibc's <c>struct mallinfo2</c> (all size_t).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private readonly struct MallInfo
    {
        public readonly nuint Arena, FreeChunks, FastBins, MmappedBlocks;
        public readonly nuint MmappedBytes, MaxTotal, FastBinBytes;
        public readonly nuint InUseArenaBytes, FreeArenaBytes, KeepCost;
    }

    /// <summary>Percentile (0..100) by rank, as the engine's latency window computes it; NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
