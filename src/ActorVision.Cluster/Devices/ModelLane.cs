using ActorVision.Domain.Capacity;
using ActorVision.Inference.Models;
using Akka.Actor;

namespace ActorVision.Cluster.Devices;

/// <summary>
/// One model's part of a <see cref="DeviceRouter"/>: its two queues (live before jobs; live shared fairly between
/// the cameras asking, see <see cref="LiveFairQueue{TRequester,TItem}"/>), its workers and which of them are free,
/// and the batching decision. Plain state owned by the router actor (one thread).
/// </summary>
internal sealed class ModelLane(ModelSpec spec, int routerMaxBatch, int liveCapacity)
{
    // Keyed by who asked (a camera's analysis stage actor), so each camera gets its turn whatever its arrival phase.
    private readonly LiveFairQueue<IActorRef, PendingRequest> _live = new(liveCapacity);
    private readonly Queue<PendingRequest> _jobs = new();
    private readonly List<IActorRef> _free = new();
    private readonly Dictionary<IActorRef, PendingRequest[]> _busy = new();
    private readonly Dictionary<IActorRef, string> _providers = new();
    private readonly HashSet<IActorRef> _workers = new();

    public ModelSpec Spec { get; } = spec;

    /// <summary>Cost per frame of single frames and of large batches, learnt from this model's runs.</summary>
    public BatchCosts Costs { get; private set; } = new(Math.Min(routerMaxBatch, spec.MaxBatch));
    public string Name => Spec.Name;

    /// <summary>Frames per batch: the router's, the spec's and the loaded model's limits (a fixed-batch-1 file gives 1).</summary>
    public int MaxBatch { get; private set; } = Math.Min(routerMaxBatch, spec.MaxBatch);

    /// <summary>Set when no worker could load the model: requests fail at once with this reason.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The forming batch's max-delay has passed: run what is queued as soon as a worker is free.</summary>
    public bool DeadlinePassed { get; set; }
    public bool DeadlineArmed { get; set; }

    public int QueuedLive => _live.Count;
    public int QueuedJobs => _jobs.Count;
    public int Queued => _live.Count + _jobs.Count;
    public int InFlight => _busy.Values.Sum(b => b.Length);
    /// <summary>Execution providers the loaded sessions run on.</summary>
    public IEnumerable<string> Providers => _providers.Values;
    public int ReadyWorkers => _free.Count + _busy.Count;
    public int BusyWorkers => _busy.Count;
    public bool HasFreeWorker => _free.Count > 0;
    public int FreeWorkers => _free.Count;
    /// <summary>Every worker has loaded its session (or the model is known not to load): what <see cref="WaitUntilReady"/> waits for.</summary>
    public bool Settled => Unavailable is not null || _workers.Count > 0 && ReadyWorkers == _workers.Count;

    public void AddWorker(IActorRef worker) => _workers.Add(worker);

    /// <summary>A worker has a session (first start or after a restart).</summary>
    public void WorkerReady(IActorRef worker, int modelMaxBatch, string provider)
    {
        _busy.Remove(worker);
        _providers[worker] = provider;
        if (!_free.Contains(worker)) _free.Add(worker);
        var maxBatch = Math.Max(1, Math.Min(MaxBatch, modelMaxBatch));
        if (maxBatch != MaxBatch) Costs = new BatchCosts(maxBatch);
        MaxBatch = maxBatch;
        Unavailable = null;
    }

    /// <summary>The worker answered its batch and is free again; returns that batch's requests.</summary>
    public PendingRequest[] WorkerFinished(IActorRef worker)
    {
        if (!_busy.Remove(worker, out var requests)) return [];
        _free.Add(worker);
        return requests;
    }

    /// <summary>The worker's batch failed; it restarts and reports ready again.</summary>
    public void WorkerRestarting(IActorRef worker)
    {
        _busy.Remove(worker);
        _providers.Remove(worker);
    }

    /// <summary>The worker stopped for good. Returns true when it was the last one.</summary>
    public bool WorkerGone(IActorRef worker, string reason)
    {
        _workers.Remove(worker);
        _busy.Remove(worker);
        _providers.Remove(worker);
        _free.Remove(worker);
        if (_workers.Count > 0) return false;
        Unavailable = reason;
        return true;
    }

    /// <summary>
    /// Queues a request. Jobs always queue. A live request that finds the live queue full is either refused or
    /// queued in place of another (the same camera's older frame, or the oldest of the camera served most recently):
    /// <paramref name="notRun"/> is then the request that will not run, to be answered.
    /// </summary>
    public LiveAdmission Enqueue(PendingRequest request, out PendingRequest? notRun)
    {
        notRun = null;
        if (request.Request.Priority == RequestPriority.Job)
        {
            _jobs.Enqueue(request);
            return LiveAdmission.Queued;
        }
        var admission = _live.Enqueue(request.ReplyTo, request, out var shed);
        if (admission != LiveAdmission.Queued) notRun = shed;
        return admission;
    }

    /// <summary>
    /// A batch is due when a worker is free and the batch is full, overdue, or nothing should wait; but a partial
    /// batch waits while another batch of this model runs when <paramref name="holdWhileBusy"/> (its requests join
    /// the batch that starts when the running one ends: fewer, larger runs).
    /// </summary>
    public bool BatchDue(bool noDelay, bool holdWhileBusy)
    {
        if (!HasFreeWorker || Queued == 0) return false;
        if (Queued >= MaxBatch) return true;
        if (holdWhileBusy && _busy.Count > 0) return false;
        return DeadlinePassed || noDelay;
    }

    /// <summary>Whether partial batches should wait for the running one under <paramref name="mode"/>.</summary>
    public bool Holds(HoldWhileBusy mode) => MaxBatch > 1 && mode switch
    {
        HoldWhileBusy.On => true,
        HoldWhileBusy.Off => false,
        _ => Costs.BatchingPays,
    };

    /// <summary>Takes <paramref name="size"/> requests, live first, and hands them to a free worker.</summary>
    public (IActorRef Worker, PendingRequest[] Requests) TakeBatch(int size)
    {
        var requests = new PendingRequest[size];
        for (var i = 0; i < size; i++) requests[i] = _live.TryDequeue(out var live) ? live : _jobs.Dequeue();
        var worker = _free[^1];
        _free.RemoveAt(_free.Count - 1);
        _busy[worker] = requests;
        return (worker, requests);
    }

    /// <summary>Empties both queues (router stopping, or the model became unavailable).</summary>
    public IEnumerable<PendingRequest> Drain()
    {
        foreach (var live in _live.Drain()) yield return live;
        while (_jobs.Count > 0) yield return _jobs.Dequeue();
    }
}
