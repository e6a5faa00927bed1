using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Entities;
using ActorVision.Cluster.Jobs;
using ActorVision.Core.Imaging;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence;
using ActorVision.Persistence.Cameras;
using ActorVision.Persistence.Jobs;

namespace ActorVision.Cluster.Hosting;

/// <summary>Marker for the <c>camera</c> shard region (or its proxy on nodes without the ingest role) in the ActorRegistry.</summary>
public sealed class CameraRegion;

/// <summary>Marker for the <c>job</c> shard region (or its proxy on nodes without the ingest role) in the ActorRegistry.</summary>
public sealed class JobRegion;

public static class ActorVisionHostingExtensions
{
    public const string CameraRegionName = "camera";
    public const string JobRegionName = "job";

    /// <summary>
    /// Everything an ActorVision node runs on Akka: remoting, clustering with split-brain resolution, SQL persistence,
    /// distributed pub/sub, and the <c>camera</c> shard region (a proxy on nodes without the <c>ingest</c> role).
    /// </summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="settings">ActorVision's own settings, from the <c>actorvision</c> section.</param>
    /// <param name="config">All loaded HOCON; its <c>akka</c> section is layered over what Hosting generates.</param>
    /// <param name="catalog">The models this node can run.</param>
    /// <param name="inference">Device routers of this node (started when it has the <c>inference</c> role).</param>
    public static AkkaConfigurationBuilder AddActorVision(
        this AkkaConfigurationBuilder builder,
        ActorVisionSettings settings,
        Config config,
        ModelCatalog catalog,
        InferenceSettings inference)
    {
        var node = settings.Node;
        Directory.CreateDirectory(node.DataFolder);
        if (settings.Persistence.Provider == PersistenceProvider.Sqlite)
            SqliteDatabase.Prepare(settings.Persistence.ConnectionString);

        // The whole loaded configuration: the akka section tunes Akka, and the dispatchers the camera sources and
        // inference workers run on live under actorvision.
        builder.AddHocon(config, HoconAddMode.Prepend);

        var remote = new RemoteOptions
        {
            HostName = node.Hostname,
            Port = node.Port,
            PublicHostName = node.PublicHostname.Length > 0 ? node.PublicHostname : null,
        };
        if (node.Tls.Enabled)
        {
            remote.EnableSsl = true;
            remote.Ssl = RemoteTls.Options(node.Tls);
        }
        builder
            .WithRemoting(remote)
            .WithClustering(new ClusterOptions
            {
                Roles = node.Roles.ToArray(),
                // With Kubernetes discovery the seed nodes are found at run time (WithClusterDiscovery).
                SeedNodes = node.Discovery.Method == ClusterDiscoveryMethod.Kubernetes ? []
                    : node.SeedNodes.Count > 0 ? node.SeedNodes.ToArray() : [node.SelfAddress],
            })
            .WithClusterDiscovery(node)
            .WithSqlPersistence(
                connectionString: settings.Persistence.ConnectionString,
                providerName: settings.Persistence.LinqToDbProviderName,
                autoInitialize: true,
                journalBuilder: journal => journal
                    .AddWriteEventAdapter<CameraEventTagger>("camera-tagger", [typeof(ICameraEvent)])
                    .AddWriteEventAdapter<JobEventTagger>("job-tagger", [typeof(IJobEvent)]))
            .AddHocon(QueryConfig(settings.Persistence), HoconAddMode.Prepend)
            .AddActorVisionSerialization()
            .WithDistributedPubSub(role: null!);

        // Every node has its devices (no routers without the inference role); what needs them gets them from the
        // registry, which refuses loudly if they were not registered first.
        builder.WithActors((system, registry) => registry.Register<NodeDevices>(
            system.ActorOf(NodeDevices.Props(node.HasRole(ActorVisionRoles.Inference) ? inference : null, catalog), NodeDevices.Name)));

        var extractor = new CameraMessageExtractor(settings.Sharding.NumberOfShards);
        // Every node keeps the cluster's capacity reports (dashboard, API, the shard coordinator); ingest nodes measure.
        builder.WithActors((system, _) =>
        {
            var capacity = ClusterCapacity.Get(system);
            system.ActorOf(CapacityListener.Props(capacity), "capacity-listener");
            if (node.HasRole(ActorVisionRoles.Ingest))
            {
                system.ActorOf(NodeCapacityMonitor.Props(settings.Capacity, Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(),
                    id => extractor.ShardId(id, null), capacity, NodeCapacityMonitor.ProcessCpu,
                    DistributedPubSub.Get(system).Mediator), "capacity-monitor");
            }
        });
        if (node.HasRole(ActorVisionRoles.Ingest))
        {
            var modelClasses = catalog.ClassNamesByModel();
            var count = new NodeCameraCount();
            builder.WithCameraRegion(
                (system, registry) =>
                {
                    var pacing = settings.Cameras.StartPacing;
                    var pacer = system.ActorOf(CameraStartPacer.Props(pacing.Concurrency, pacing.Timeout), "camera-start-pacer");
                    var pipelines = new CameraPipelineDependencies(catalog, registry.Get<NodeDevices>(), settings.Cameras, settings.Sources.Policy, node.Outputs, pacer, new FramePools());
                    var dependencies = new CameraEntityDependencies(
                        () => new CameraCommandContext(modelClasses, settings.Sources.Policy, node.Outputs, DateTime.UtcNow,
                            settings.Cameras.Limits, count.Current, settings.Cameras.MaxCamerasPerNode),
                        (spec, counters) => CameraPipeline.Props(spec, counters, pipelines),
                        new EntityJournalSettings(settings.Persistence.SnapshotEvery),
                        settings.Cameras.Restarts,
                        count);
                    return cameraId => CameraEntity.Props(cameraId, dependencies);
                },
                extractor,
                // Cameras run until stopped: never passivate one for being quiet. Hand-over goes through the mailbox
                // (not PoisonPill): a camera handed to another node finishes persisting first.
                RememberedIngestEntities(handOffStopMessage: CameraHandOff.Instance),
                new CostAwareAllocationStrategy(settings.Capacity, ActorVisionRoles.Ingest));
        }
        else
        {
            builder.WithShardRegionProxy<CameraRegion>(CameraRegionName, ActorVisionRoles.Ingest, extractor);
        }
        builder.AddJobs(settings, JobSettings.FromConfig(config.GetConfig("actorvision.jobs") ?? Config.Empty), catalog);
        return builder;
    }

    /// <summary>
    /// The <c>camera</c> shard region, as Akka.Hosting's <c>WithShardRegion</c> starts one but with the cost-aware
    /// allocation strategy (Hosting's options take none), registered as <see cref="CameraRegion"/>.
    /// </summary>
    private static AkkaConfigurationBuilder WithCameraRegion(this AkkaConfigurationBuilder builder,
        Func<ActorSystem, IActorRegistry, Func<string, Props>> entityProps, IMessageExtractor extractor, ShardOptions options,
        IShardAllocationStrategy allocation)
    {
        builder.AddHocon(ClusterSharding.DefaultConfig()
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig()), HoconAddMode.Append);
        return builder.StartActors(async (system, registry, _) =>
        {
            var sharding = ConfigurationFactory.ParseString(options.ToString()).WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
            var settings = ClusterShardingSettings.Create(sharding, system.Settings.Config.GetConfig(sharding.GetString("coordinator-singleton")));
            var region = await ClusterSharding.Get(system)
                .StartAsync(CameraRegionName, entityProps(system, registry), settings, extractor, allocation, options.HandOffStopMessage ?? PoisonPill.Instance)
                .ConfigureAwait(false);
            registry.Register<CameraRegion>(region);
        });
    }

    /// <summary>With Kubernetes discovery the seed nodes come from the Kubernetes API once the actor system runs.</summary>
    private static AkkaConfigurationBuilder WithClusterDiscovery(this AkkaConfigurationBuilder builder, NodeSettings node) =>
        node.Discovery.Method == ClusterDiscoveryMethod.Kubernetes
            ? builder.AddStartup((system, _) => KubernetesSeedNodes.Start(system, node))
            : builder;

    /// <summary>
    /// Shard options of the regions whose entities must come back after a node dies (cameras, jobs): on the ingest
    /// role, remember-entities in the event-sourced store (durable DData is broken with the LightningDB served here),
    /// and no idle passivation: the entities decide themselves when they may stop.
    /// </summary>
    /// <param name="handOffStopMessage">What stops an entity that moves to another node; null: PoisonPill.</param>
    internal static ShardOptions RememberedIngestEntities(object? handOffStopMessage = null) => new()
    {
        Role = ActorVisionRoles.Ingest,
        RememberEntities = true,
        RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
        StateStoreMode = StateStoreMode.DData,
        ShouldPassivateIdleEntities = false,
        HandOffStopMessage = handOffStopMessage,
    };

    /// <summary>
    /// A tag table makes EventsByTag (the event API, webhooks, MQTT) an index lookup instead of a scan, and the
    /// refresh interval is how soon subscribers see a persisted event.
    /// </summary>
    private static Config QueryConfig(PersistenceSettings persistence) => ConfigurationFactory.ParseString($$"""
        akka.persistence.journal.sql.tag-write-mode = TagTable
        akka.persistence.query.journal.sql {
          tag-read-mode = TagTable
          refresh-interval = {{(long)persistence.QueryRefreshInterval.TotalMilliseconds}}ms
        }
        """);
}
