using Akka.Actor;
using Akka.Event;
using ActorVision.Domain.Jobs;

namespace ActorVision.Cluster.Jobs.Scheduling;

/// <summary>
/// One per node with the ingest role: lets at most <c>max-concurrent-per-node</c> of the jobs living on this node
/// run at once, and hands free slots out round-robin between callers (the API keys that submitted them,
/// <see cref="FairQueue{T}"/>). New jobs are admitted while fewer than <c>max-queued-per-node</c> wait. Job entities
/// ask for a slot and give it back; the scheduler watches them, so a slot held by an entity that stopped (a crash,
/// a handoff, a passivation) is freed.
/// </summary>
public sealed class JobScheduler : ReceiveActor
{
    public const string Name = "job-scheduler";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int _limit;
    private readonly int _maxQueued;
    private readonly Dictionary<string, IActorRef> _running = new(StringComparer.Ordinal);
    private readonly FairQueue<Waiting> _waiting = new();

    public JobScheduler(int limit, int maxQueued)
    {
        _limit = limit;
        _maxQueued = maxQueued;
        Receive<RequestJobSlot>(Request);
        Receive<ReleaseJobSlot>(m => Release(m.JobId, Sender));
        Receive<Terminated>(m => Forget(m.ActorRef));
        Receive<GetJobSlots>(_ => Sender.Tell(new JobSlots(_limit, _running.Keys.Order(StringComparer.Ordinal).ToArray(),
            _waiting.InServiceOrder().Select(w => w.JobId).ToArray())));
    }

    /// <param name="limit">Jobs running at once.</param>
    /// <param name="maxQueued">Jobs waiting for a slot beyond which new submissions are refused (jobs that resume are always taken).</param>
    public static Props Props(int limit, int maxQueued = int.MaxValue) => Akka.Actor.Props.Create(() => new JobScheduler(limit, maxQueued));

    private void Request(RequestJobSlot request)
    {
        if (_running.TryGetValue(request.JobId, out var holder))
        {
            if (holder.Equals(Sender))
            {
                Sender.Tell(new JobSlotGranted(request.JobId)); // a repeated request: it already has one
                return;
            }
            // A new incarnation of the entity (the old one stopped and its Terminated is still on the way).
            Context.Unwatch(holder);
            _running.Remove(request.JobId);
        }
        _waiting.RemoveWhere(w => w.JobId == request.JobId);
        if (request.Admission)
        {
            if (_running.Count + _waiting.Count >= _limit + (long)_maxQueued)
            {
                Sender.Tell(new JobAdmission(request.JobId, false,
                    $"this node runs {_running.Count} jobs and {_waiting.Count} wait (actorvision.jobs.max-queued-per-node = {_maxQueued}); retry when some have finished"));
                return;
            }
            // Before any grant, so the entity knows it was admitted when the slot arrives.
            Sender.Tell(new JobAdmission(request.JobId, true, null));
        }
        _waiting.Enqueue(request.Caller, new Waiting(request.JobId, Sender));
        Context.Watch(Sender);
        Grant();
    }

    private void Release(string jobId, IActorRef requester)
    {
        if (_running.TryGetValue(jobId, out var holder) && holder.Equals(requester)) _running.Remove(jobId);
        _waiting.RemoveWhere(w => w.JobId == jobId && w.Entity.Equals(requester));
        if (!IsKnown(requester)) Context.Unwatch(requester);
        Grant();
    }

    private void Forget(IActorRef entity)
    {
        foreach (var (jobId, holder) in _running.ToArray())
        {
            if (!holder.Equals(entity)) continue;
            _running.Remove(jobId);
            _log.Info("job {0}: its entity stopped; slot freed", jobId);
        }
        _waiting.RemoveWhere(w => w.Entity.Equals(entity));
        Grant();
    }

    private void Grant()
    {
        while (_running.Count < _limit && _waiting.TryDequeue(out var next))
        {
            _running[next.JobId] = next.Entity;
            next.Entity.Tell(new JobSlotGranted(next.JobId));
        }
    }

    private bool IsKnown(IActorRef entity) => _running.ContainsValue(entity) || _waiting.InServiceOrder().Any(w => w.Entity.Equals(entity));

    private sealed record Waiting(string JobId, IActorRef Entity);
}
