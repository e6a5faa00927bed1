using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Remoting.Wire;
using ActorVision.Node.Configuration;
using Google.Protobuf;
using ActorVision.Delivery.EventIndex;

namespace ActorVision.Node.Api;

/// <summary>Registers and maps the gRPC control API (Cameras, Events, ClusterAdmin, Models, health, reflection) and /camera-file.</summary>
public static class ApiHosting
{
    /// <summary>gRPC health service name that reports the camera file (NOT_SERVING while the file is rejected).</summary>
    public const string CameraFileHealthService = "actorvision.CameraFile";

    // Every field, zeros and empty lists included, so scripts need not know protobuf's omission rules.
    private static readonly JsonFormatter StatusJson = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static IServiceCollection AddActorVisionApi(this IServiceCollection services, ApiSettings api, ControlPlaneSetup controlPlane)
    {
        services.AddSingleton(controlPlane);
        services.AddSingleton(controlPlane.CameraClient);
        services.AddSingleton(controlPlane.EventIndex);
        services.AddSingleton(new EventIndexStore(controlPlane.Settings.Persistence));
        services.AddSingleton<EventFeed>();
        services.AddSingleton(sp => new EventIndexServices(sp.GetRequiredService<EventIndexStore>(), controlPlane.EventIndex, sp.GetRequiredService<EventFeed>()));
        services.AddSingleton<CameraAccess>();
        services.AddSingleton(sp => new CameraAdmission(sp.GetRequiredService<ActorSystem>(), controlPlane.Settings.Capacity, ActorVisionRoles.Ingest));
        services.AddSingleton<CameraFileReports>();
        services.AddSingleton<ApiKeyInterceptor>();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ApiKeyInterceptor>();
            // Details go to the node's log, not to clients: an exception text may quote a camera URL.
            options.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Map("", r => !r.Tags.Contains(CameraFileHealthCheck.Tag));
                options.Services.Map(CameraFileHealthService, r => r.Tags.Contains(CameraFileHealthCheck.Tag));
            })
            .AddCheck<ClusterMemberHealthCheck>("cluster-member")
            .AddCheck<CameraFileHealthCheck>("camera-file", tags: [CameraFileHealthCheck.Tag]);
        return services;
    }

    /// <summary>Maps the services on the gRPC port only; the HTTP port serves browsers and probes (and /camera-file).</summary>
    public static WebApplication MapActorVisionApi(this WebApplication app, ApiSettings api)
    {
        var host = $"*:{api.GrpcPort}";
        app.MapGrpcService<CamerasService>().RequireHost(host);
        app.MapGrpcService<EventsService>().RequireHost(host);
        app.MapGrpcService<ClusterAdminService>().RequireHost(host);
        app.MapGrpcService<ModelsService>().RequireHost(host);
        app.MapGrpcHealthChecksService().RequireHost(host);
        app.MapGrpcReflectionService().RequireHost(host);
        app.MapGet("/camera-file", async (CameraFileReports reports, CancellationToken ct) =>
            await reports.AskAsync(ct) is { } status
                ? Results.Text(StatusJson.Format(status), "application/json")
                : Results.Json(new { state = "disabled", message = "no camera file is configured (actorvision.camera-file.path)" }, statusCode: 404))
            .RequireHost($"*:{api.HttpPort}");
        return app;
    }
}
