using Akka.Configuration;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Jobs;

namespace ActorVision.Node.Jobs;

/// <summary>Wires the Jobs gRPC service into the node host (one call each in <see cref="NodeHost"/>).</summary>
public static class JobsEndpoints
{
    public static IServiceCollection AddJobsApi(this IServiceCollection services, Config config, ModelCatalog catalog)
    {
        var settings = JobSettings.FromConfig(config.GetConfig("actorvision.jobs") ?? Config.Empty);
        services.AddSingleton(settings);
        services.AddSingleton(new JobSpecValidator(JobInputPolicy.From(settings), catalog.ClassNamesByModel(), settings));
        services.AddGrpc();
        return services;
    }

    public static WebApplication MapJobsApi(this WebApplication app)
    {
        app.MapGrpcService<JobsService>();
        return app;
    }
}
