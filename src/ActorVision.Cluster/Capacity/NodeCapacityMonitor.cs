using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using ActorVision.Cluster.Devices;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Capacity;

/// <summary>
/// Measures this node's load every interval and tells the cluster: it follows its cameras (<see cref="CameraUsage"/>,
/// <see cref="CameraUsageEnded"/>) and its devices (<see cref="DeviceLoad"/>) on the local event stream, where their
/// owners publish them, reads the process's CPU time, and hands all of it to a <see cref="NodeLoadEstimator"/>. The
/// estimate goes to <see cref="ClusterCapacity"/> (this node's gauges and readiness) and, as a
/// <see cref="NodeCapacity"/> report, to every node on <see cref="CapacityListener.Topic"/>. One per ingest node.
/// </summary>
public sealed class NodeCapacityMonitor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeLoadEstimator _estimator;
    private readonly ClusterCapacity _capacity;
    private readonly Func<TimeSpan> _processCpu;
    private readonly IActorRef _mediator;
    private readonly TimeSpan _interval;
    private string _overFor = "";

    /// <param name="options">The <c>actorvision.capacity</c> settings.</param>
    /// <param name="node">This node's cluster address.</param>
    /// <param name="shardOf">The shard of a camera id.</param>
    /// <param name="capacity">Where the estimate goes for this node.</param>
    /// <param name="processCpu">The process's CPU time so far.</param>
    /// <param name="mediator">Distributed pub/sub mediator the reports are published through.</param>
    public NodeCapacityMonitor(CapacityOptions options, string node, Func<string, string> shardOf, ClusterCapacity capacity,
        Func<TimeSpan> processCpu, IActorRef mediator)
    {
        _estimator = new NodeLoadEstimator(node, options.Estimate, options.Costs, shardOf, Environment.ProcessorCount);
        _capacity = capacity;
        _processCpu = processCpu;
        _mediator = mediator;
        _interval = options.Interval;

        Receive<CameraUsage>(_estimator.Record);
        Receive<CameraUsageEnded>(ended => _estimator.Forget(ended.CameraId));
        // Each of this node's DeviceRouters publishes its DeviceLoad on the event stream every load-interval.
        Receive<DeviceLoad>(load => _estimator.Record(new DeviceUsage(load.Device, load.Workers, load.BusyWorkers, load.QueuedLive)));
        Receive<Tick>(_ => Measure());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CapacityOptions options, string node, Func<string, string> shardOf, ClusterCapacity capacity,
        Func<TimeSpan> processCpu, IActorRef mediator) =>
        Akka.Actor.Props.Create(() => new NodeCapacityMonitor(options, node, shardOf, capacity, processCpu, mediator));

    /// <summary>The process's CPU time (user and system, every thread), cheap enough for every interval.</summary>
    public static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime;

    protected override void PreStart()
    {
        var events = Context.System.EventStream;
        events.Subscribe(Self, typeof(CameraUsage));
        events.Subscribe(Self, typeof(CameraUsageEnded));
        events.Subscribe(Self, typeof(DeviceLoad));
        Timers.StartPeriodicTimer("measure", Tick.Instance, TimeSpan.Zero, _interval);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Measure()
    {
        var estimate = _estimator.Estimate(DateTime.UtcNow, _processCpu());
        _capacity.SetLocal(estimate);
        var report = estimate.Capacity;
        _mediator.Tell(new Publish(CapacityListener.Topic, report));
        // Logged when the reasons change in kind, not at every report of new numbers.
        var overFor = string.Join(",", report.Problems.Select(p => p.Kind));
        if (overFor == _overFor) return;
        if (report.OverCapacity)
            _log.Warning("this node is over capacity: {0}; it gets no new cameras and shards move off it", report.Why);
        else
            _log.Info("this node is back within capacity ({0:0.00} of {1:0.00} cores used)", report.UsedCores, report.CapacityCores);
        _overFor = overFor;
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
