using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorVision.Cluster.Threading;

/// <summary>
/// A fixed set of threads at a given nice value (<see cref="ThreadNiceness"/>) for an Akka dispatcher of heavy
/// per-frame work. Akka's own fork-join executor offers no hook to set a thread's priority, so this is that executor
/// with the hook: a queue of runnables taken by whichever thread is free. Allocates nothing per runnable.
/// </summary>
public sealed class NicedThreadPool : ExecutorService
{
    private readonly ConcurrentQueue<IRunnable> _work = new();
    private readonly SemaphoreSlim _workAvailable = new(0);
    private readonly Thread[] _threads;
    private readonly int _niceness;
    private volatile bool _shutdown;

    public NicedThreadPool(string id, int threadCount, int niceness) : base(id)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        _niceness = niceness;
        _threads = new Thread[threadCount];
        for (var i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{id}-{i + 1}" };
            _threads[i].Start();
        }
    }

    public int ThreadCount => _threads.Length;

    public override void Execute(IRunnable run)
    {
        _work.Enqueue(run);
        _workAvailable.Release();
    }

    public override void Shutdown()
    {
        _shutdown = true;
        // One wake-up per thread: each finds the queue empty (or drains it) and ends.
        _workAvailable.Release(_threads.Length);
    }

    private void Work()
    {
        ThreadNiceness.Lower(_niceness);
        while (!_shutdown || !_work.IsEmpty)
        {
            if (!_work.TryDequeue(out var run))
            {
                _workAvailable.Wait();
                continue;
            }
            try
            {
                run.Run();
            }
            catch (Exception ex)
            {
                // Akka's mailboxes catch what an actor throws; this is a dispatcher bug, and the thread must go on.
                Console.Error.WriteLine($"[{Id}] runnable failed: {ex}");
            }
        }
    }
}
