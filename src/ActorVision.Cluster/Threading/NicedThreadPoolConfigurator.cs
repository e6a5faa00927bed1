using Akka.Configuration;
using Akka.Dispatch;

namespace ActorVision.Cluster.Threading;

/// <summary>
/// Makes <see cref="NicedThreadPool"/> an executor a dispatcher names in HOCON:
/// <code>
/// executor = "ActorVision.Cluster.Threading.NicedThreadPoolConfigurator, ActorVision.Cluster"
/// niced-thread-pool {
///   threads-per-core = 1.0, min-threads = 1, max-threads = 64   # as fork-join-executor's parallelism-*
///   niceness = 5
/// }
/// </code>
/// </summary>
public sealed class NicedThreadPoolConfigurator : ExecutorServiceConfigurator
{
    public const string Section = "niced-thread-pool";

    private readonly int _threadCount;
    private readonly int _niceness;

    public NicedThreadPoolConfigurator(Config config, IDispatcherPrerequisites prerequisites) : base(config, prerequisites)
    {
        var id = config.GetString("id", "dispatcher");
        var section = config.GetConfig(Section) ?? Config.Empty;
        var perCore = section.GetDouble("threads-per-core", 1.0);
        var min = section.GetInt("min-threads", 1);
        var max = section.GetInt("max-threads", 64);
        if (perCore <= 0 || min < 1 || max < min)
            throw new ConfigurationException($"{id}.{Section}: threads-per-core must be positive and 1 <= min-threads <= max-threads");
        _threadCount = Math.Clamp((int)Math.Ceiling(Environment.ProcessorCount * perCore), min, max);
        _niceness = ThreadNiceness.Validate(section.GetInt("niceness", 0), $"{id}.{Section}.niceness");
    }

    public override ExecutorService Produce(string id) => new NicedThreadPool(id, _threadCount, _niceness);
}
