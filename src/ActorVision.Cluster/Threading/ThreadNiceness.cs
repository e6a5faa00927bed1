using System.Runtime.InteropServices;

namespace ActorVision.Cluster.Threading;

/// <summary>
/// The OS scheduling priority (nice value, 0 to 19) of the calling thread. Heavy per-frame work (decode, models, motion,
/// encoders) runs at a higher nice value than the actor system's own threads, so that when the node is over capacity
/// the kernel still gives journal writes, recovery, cluster gossip and the API their share of the CPU instead of
/// letting hundreds of busy camera threads crowd them out. Linux only: .NET's <see cref="Thread.Priority"/> does nothing
/// there, but the nice value is per thread (man 2 setpriority, "NPTL"), and threads a thread creates inherit it (ONNX
/// Runtime's and x264's pools follow the thread that opened them). Raising a nice value needs no privilege.
/// </summary>
public static class ThreadNiceness
{
    /// <summary>The highest (least favoured) nice value Linux has.</summary>
    public const int Max = 19;

    private const int PrioProcess = 0;

    /// <summary>
    /// Sets the calling thread's nice value to <paramref name="niceness"/>, unless it is 0 or the thread is already at
    /// least that nice (lowering it again needs privileges). False where nothing changed or the OS has no per-thread
    /// nice value. Never a thread of .NET's pool: Akka's default dispatcher and ASP.NET run there, and they are what
    /// the heavy work must yield to.
    /// </summary>
    public static bool Lower(int niceness)
    {
        if (niceness is <= 0 or > Max) return false;
        if (!OperatingSystem.IsLinux() || Thread.CurrentThread.IsThreadPoolThread) return false;
        var thread = gettid();
        if (Current() >= niceness) return false;
        return setpriority(PrioProcess, thread, niceness) == 0;
    }

    /// <summary>The calling thread's nice value; 0 where the OS has no per-thread value.</summary>
    public static int Current()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        // getpriority may legitimately return -1, so errno is what tells a failure.
        Marshal.SetLastPInvokeError(0);
        var value = getpriority(PrioProcess, gettid());
        return value == -1 && Marshal.GetLastPInvokeError() != 0 ? 0 : value;
    }

    /// <summary>Validates a configured nice value (0 leaves threads as they are).</summary>
    public static int Validate(int niceness, string setting) =>
        niceness is >= 0 and <= Max ? niceness : throw new Akka.Configuration.ConfigurationException($"{setting} must be between 0 and {Max}, not {niceness}");

#pragma warning disable SYSLIB1054 // plain ints: DllImport needs no marshalling code, and LibraryImport would need unsafe blocks
    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern int getpriority(int which, int who);

    [DllImport("libc")]
    private static extern int gettid();
#pragma warning restore SYSLIB1054
}
