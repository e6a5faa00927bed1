using System.Reflection;
using ActorVision.Inference.Models;
using Akka.Configuration;

namespace ActorVision.Cluster.Devices;

/// <summary>Router and device settings from <c>actorvision.inference</c> (hocon/inference.conf, embedded as the defaults).</summary>
public sealed record InferenceSettings
{
    /// <summary>Config path of the dispatcher the workers' blocking model runs use.</summary>
    public const string BlockingDispatcherId = "actorvision.inference.blocking-dispatcher";

    /// <summary>hocon/inference.conf as shipped: add it as a fallback of the actor system's config (it defines the dispatcher).</summary>
    public static Config DefaultConfig { get; } = LoadDefaults();

    public required IReadOnlyList<ExecutionProvider> Devices { get; init; }
    public int MaxBatch { get; init; } = 8;
    public TimeSpan MaxDelay { get; init; } = TimeSpan.Zero;
    public int QueueCapacity { get; init; } = 32;
    public int WorkersPerModel { get; init; } = 2;
    public int StatisticsWindow { get; init; } = 128;
    /// <summary>How often each router publishes its <see cref="DeviceLoad"/> on the event stream.</summary>
    public TimeSpan LoadInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Share a closing batch among all idle workers rather than filling one (better latency where workers run in parallel).</summary>
    public bool SpreadOverIdleWorkers { get; init; } = true;
    public string Dispatcher { get; init; } = BlockingDispatcherId;
    /// <summary>Whether requests wait for a model's running batch instead of starting small batches on idle workers.</summary>
    public HoldWhileBusy HoldWhileBusy { get; init; } = HoldWhileBusy.Auto;

    public static InferenceSettings FromConfig(Config config)
    {
        var c = config.WithFallback(DefaultConfig).GetConfig(ModelCatalog.ConfigPath);
        var settings = new InferenceSettings
        {
            Devices = c.GetStringList("devices").Select(ExecutionProvider.Parse).ToArray(),
            MaxBatch = c.GetInt("router.max-batch"),
            MaxDelay = c.GetTimeSpan("router.max-delay"),
            QueueCapacity = c.GetInt("router.queue-capacity"),
            WorkersPerModel = c.GetInt("router.workers"),
            StatisticsWindow = c.GetInt("router.statistics-window"),
            LoadInterval = c.GetTimeSpan("router.load-interval"),
            SpreadOverIdleWorkers = c.GetBoolean("router.spread-over-idle-workers"),
            HoldWhileBusy = c.GetString("router.hold-while-busy").ToLowerInvariant() switch
            {
                "auto" => HoldWhileBusy.Auto,
                "on" or "true" or "yes" => HoldWhileBusy.On,
                "off" or "false" or "no" => HoldWhileBusy.Off,
                var other => throw new ConfigurationException($"{ModelCatalog.ConfigPath}.router.hold-while-busy '{other}' is not auto, on or off"),
            },
        };
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        var errors = new List<string>();
        if (Devices.Count == 0) errors.Add("devices is empty");
        if (Devices.Distinct().Count() != Devices.Count) errors.Add("devices lists a device twice");
        if (MaxBatch <= 0) errors.Add("router.max-batch must be positive");
        if (MaxDelay < TimeSpan.Zero) errors.Add("router.max-delay must not be negative");
        if (QueueCapacity <= 0) errors.Add("router.queue-capacity must be positive");
        if (WorkersPerModel <= 0) errors.Add("router.workers must be positive");
        if (StatisticsWindow <= 0) errors.Add("router.statistics-window must be positive");
        if (LoadInterval <= TimeSpan.Zero) errors.Add("router.load-interval must be positive");
        if (errors.Count > 0) throw new ConfigurationException($"{ModelCatalog.ConfigPath}: {string.Join("; ", errors)}");
    }

    private static Config LoadDefaults()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ActorVision.Cluster.hocon.inference.conf")
                           ?? throw new InvalidOperationException("embedded hocon/inference.conf is missing from ActorVision.Cluster");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}

/// <summary>
/// Whether, while a batch of a model runs, its new requests wait for that batch to finish (or for a full batch)
/// rather than start small batches on the other workers. Waiting never applies to an idle model.
/// </summary>
public enum HoldWhileBusy
{
    /// <summary>Hold only while the model's measured cost per frame is clearly lower in large batches.</summary>
    Auto,
    On,
    Off,
}
