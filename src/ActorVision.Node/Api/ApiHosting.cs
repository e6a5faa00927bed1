using Akka.Configuration;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.EventIndex;
using ActorVision.Cluster.Hosting;
using ActorVision.Node.Configuration;

namespace ActorVision.Node.Api;

/// <summary>Registers and maps the gRPC control API (Cameras, Events, ClusterAdmin, Models, health, reflection).</summary>
public static class ApiHosting
{
    public static IServiceCollection AddActorVisionApi(this IServiceCollection services, ApiSettings api, ActorVisionSettings engine, Config config)
    {
        var eventIndex = EventIndexSettings.FromConfig(config.GetConfig("actorvision.event-index") ?? Config.Empty);
        services.AddSingleton(eventIndex);
        services.AddSingleton(new EventIndexStore(engine.Persistence));
        services.AddSingleton<EventFeed>();
        services.AddSingleton(sp => new EventIndexServices(sp.GetRequiredService<EventIndexStore>(), eventIndex, sp.GetRequiredService<EventFeed>()));
        services.AddSingleton(CameraClientSettings.FromConfig(config.GetConfig("actorvision.camera-client") ?? Config.Empty));
        services.AddSingleton<CameraAccess>();
        services.AddSingleton<ApiKeyInterceptor>();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ApiKeyInterceptor>();
            // Details go to the node's log, not to clients: an exception text may quote a camera URL.
            options.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<ClusterMemberHealthCheck>("cluster-member");
        return services;
    }

    /// <summary>Maps the services on the gRPC port only; the HTTP port serves browsers and probes.</summary>
    public static WebApplication MapActorVisionApi(this WebApplication app, ApiSettings api)
    {
        var host = $"*:{api.GrpcPort}";
        app.MapGrpcService<CamerasService>().RequireHost(host);
        app.MapGrpcService<EventsService>().RequireHost(host);
        app.MapGrpcService<ClusterAdminService>().RequireHost(host);
        app.MapGrpcService<ModelsService>().RequireHost(host);
        app.MapGrpcHealthChecksService().RequireHost(host);
        app.MapGrpcReflectionService().RequireHost(host);
        return app;
    }
}
