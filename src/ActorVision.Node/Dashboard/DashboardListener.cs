using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using ActorVision.Cluster.Nodes;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Hosting;
using ActorVision.Core.Events;
using ActorVision.Node.Observability;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Capacity;

namespace ActorVision.Node.Dashboard;

/// <summary>
/// Keeps the <see cref="DashboardState"/> of this node current: subscribes to the camera status, analytics event and
/// device load topics (published from every node), reads membership and the nodes' capacity reports every push
/// interval, and every shard refresh
/// interval asks for the shard distribution and each ingest node's region for its cameras, so cameras that were
/// running before this node started (or are stopped and quiet) are asked to publish their status and are listed too.
/// </summary>
public sealed class DashboardListener : ReceiveActor, IWithTimers
{
    private readonly DashboardState _state;
    private readonly DashboardSettings _settings;
    private readonly IActorRef _region;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _refreshing;

    private readonly TimeSpan _reportMaxAge;

    public DashboardListener(DashboardState state, DashboardSettings settings, IActorRef cameraRegion, TimeSpan reportMaxAge)
    {
        _state = state;
        _settings = settings;
        _region = cameraRegion;
        _reportMaxAge = reportMaxAge;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);

        Receive<CameraStatusUpdate>(m => _state.UpsertCamera(ToRow(m)));
        Receive<CameraForgotten>(m => _state.RemoveCamera(m.CameraId));
        Receive<AnalyticsEvent>(_state.AddEvent);
        Receive<DeviceLoadReport>(m => _state.SetDevices(m.Node, m.Loads.Select(l => ToRow(m.Node, m.At, l)).ToArray()));
        Receive<SubscribeAck>(_ => { });
        Receive<MembershipTick>(_ => _state.SetCluster(ClusterViewOf(_cluster, ClusterCapacity.Get(Context.System), _reportMaxAge)));
        Receive<ShardTick>(_ => RefreshShards());
        Receive<ShardsRefreshed>(OnShardsRefreshed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="reportMaxAge">Capacity reports older than this are not shown (the node stopped reporting).</param>
    public static Props Props(DashboardState state, DashboardSettings settings, IActorRef cameraRegion, TimeSpan reportMaxAge) =>
        Akka.Actor.Props.Create(() => new DashboardListener(state, settings, cameraRegion, reportMaxAge));

    protected override void PreStart()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        foreach (var topic in new[] { CameraStatusPublisher.Topic, CameraEntity.EventsTopic, DeviceLoadMonitor.Topic })
            mediator.Tell(new Subscribe(topic, Self));
        Timers.StartPeriodicTimer("membership", MembershipTick.Instance, TimeSpan.Zero, _settings.PushInterval);
        Timers.StartPeriodicTimer("shards", ShardTick.Instance, TimeSpan.FromSeconds(1), _settings.ShardRefreshInterval);
    }

    public static CameraRow ToRow(CameraStatusUpdate update) =>
        Row(update.CameraId, update.DisplayName, update.Source, update.Live, update.Snapshots, update.Status);

    private static CameraRow Row(string id, string name, string source, bool live, bool snapshots, CameraStatus status)
    {
        var s = status.Statistics;
        return new CameraRow(id, name, source, live, snapshots, status.State.ToString(), status.Reason, status.Node, status.Since,
            Math.Round(s.FpsIn, 2), Math.Round(s.FpsAnalysed, 2), Math.Round(s.FpsOut, 2), s.FramesIn, s.FramesAnalysed, s.FramesDropped,
            s.Reconnects, Math.Round(s.LatencyP50Milliseconds, 1), Math.Round(s.LatencyP95Milliseconds, 1), status.EventsTotal, status.Counters);
    }

    private static DeviceRow ToRow(string node, DateTime at, Cluster.Devices.DeviceLoad load) => new(
        node, load.Device, load.Providers, load.QueuedLive, load.QueuedJobs, load.InFlight, load.Workers, load.BusyWorkers,
        Math.Round(load.RecentBatchSize, 2), Math.Round(load.RecentInference.TotalMilliseconds, 2),
        Math.Round(load.LatencyP50.TotalMilliseconds, 2), Math.Round(load.LatencyP99.TotalMilliseconds, 2),
        load.Completed, load.Refused, load.Failed, at);

    public static ClusterView ClusterViewOf(Akka.Cluster.Cluster cluster, ClusterCapacity capacity, TimeSpan reportMaxAge)
    {
        var state = cluster.State;
        var now = DateTime.UtcNow;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .Concat(state.Unreachable.Where(u => !state.Members.Contains(u)))
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberRow(
                m.Address.ToString(),
                m.Roles.Order(StringComparer.Ordinal).ToArray(),
                NodeObservations.StatusName(m.Status),
                !unreachable.Contains(m.Address),
                m.Address.Equals(state.Leader),
                m.Address.Equals(cluster.SelfAddress),
                capacity.Fresh(m.Address.ToString(), now, reportMaxAge) is { } report ? ToRow(report) : null))
            .ToArray();
        return new ClusterView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members, unreachable.Count);
    }

    private static CapacityRow ToRow(NodeCapacity report) => new(
        report.Cameras, Math.Round(report.UsedCores, 2), Math.Round(report.CapacityCores, 2), Math.Round(report.HeadroomCores, 2),
        report.OverCapacity, report.Problems.Select(p => p.Text).ToArray());

    private void RefreshShards()
    {
        if (_refreshing) return;
        _refreshing = true;
        var timeout = _settings.ShardRefreshInterval;
        var ingest = _cluster.State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(ActorVisionRoles.Ingest))
            .Select(m => m.Address)
            .ToArray();
        var system = Context.System;
        var region = _region;
        RefreshAsync(system, region, ingest, timeout).PipeTo(Self,
            failure: ex => new ShardsRefreshed(null, ImmutableHashSet<string>.Empty, ex.GetBaseException().Message));
    }

    private static async Task<ShardsRefreshed> RefreshAsync(ActorSystem system, IActorRef region, Address[] ingest, TimeSpan timeout)
    {
        var stats = region.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(1));
        var states = ingest.Select(async address =>
        {
            var path = ShardRegionPaths.On(address, ActorVisionHostingExtensions.CameraRegionName);
            try
            {
                var current = await system.ActorSelection(path).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout).ConfigureAwait(false);
                return current.Shards.SelectMany(s => s.EntityIds);
            }
            catch (Exception ex) when (ex is AskTimeoutException or ActorNotFoundException or TaskCanceledException)
            {
                return [];
            }
        });
        var ids = (await Task.WhenAll(states).ConfigureAwait(false)).SelectMany(x => x).ToImmutableHashSet(StringComparer.Ordinal);
        return new ShardsRefreshed(await stats.ConfigureAwait(false), ids, null);
    }

    private void OnShardsRefreshed(ShardsRefreshed refreshed)
    {
        _refreshing = false;
        if (refreshed.Error is { } error)
        {
            _log.Debug("dashboard: shard statistics not available: {0}", error);
            return;
        }
        if (refreshed.Stats is { } stats)
        {
            var regions = stats.Regions
                .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
                .Select(r => new RegionRow(
                    r.Key.ToString(),
                    r.Value.Stats.Count,
                    r.Value.Stats.Values.Sum(),
                    r.Value.Stats.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new ShardRow(s.Key, s.Value)).ToArray()))
                .ToArray();
            var unresponsive = stats.Regions.Where(r => r.Value.Failed.Count > 0).Select(r => r.Key.ToString()).ToArray();
            _state.SetShards(new ShardView(regions, unresponsive, DateTime.UtcNow));
        }
        // Cameras this node has not heard from (quiet since it subscribed): ask them to publish their status.
        var known = _state.CameraIds().ToHashSet(StringComparer.Ordinal);
        foreach (var id in refreshed.EntityIds.Where(id => !known.Contains(id)))
            _region.Tell(new PublishCameraStatus(id));
    }

    private sealed record MembershipTick
    {
        public static MembershipTick Instance { get; } = new();
    }

    private sealed record ShardTick
    {
        public static ShardTick Instance { get; } = new();
    }

    private sealed record ShardsRefreshed(ClusterShardingStats? Stats, IImmutableSet<string> EntityIds, string? Error);
}
