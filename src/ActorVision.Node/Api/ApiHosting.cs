using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Remoting.Wire;
using ActorVision.Node.Access;
using Google.Protobuf;
using ActorVision.Delivery.EventIndex;

namespace ActorVision.Node.Api;

/// <summary>Registers and maps the gRPC control API (Cameras, Events, ClusterAdmin, Models, Delivery, health, reflection) and /camera-file.</summary>
public static class ApiHosting
{
    /// <summary>gRPC health service name that reports the camera file (NOT_SERVING while the file is rejected).</summary>
    public const string CameraFileHealthService = "actorvision.CameraFile";

    // Every field, zeros and empty lists included, so scripts need not know protobuf's omission rules.
    private static readonly JsonFormatter StatusJson = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static IServiceCollection AddActorVisionApi(this IServiceCollection services, ControlPlaneSetup controlPlane, RequestLimits limits)
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
        services.AddGrpc(options =>
        {
            // Details go to the node's log, not to clients: an exception text may quote a camera URL.
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = limits.MaxMessageSize;
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

    /// <summary>
    /// Maps the services (each gRPC method declares its role with <see cref="RequiresAttribute"/>; the port filter keeps
    /// them on the gRPC port) and /camera-file on the HTTP port. gRPC health stays open for load balancers and probes:
    /// it says SERVING or NOT_SERVING and nothing else.
    /// </summary>
    public static WebApplication MapActorVisionApi(this WebApplication app)
    {
        app.MapGrpcService<CamerasService>();
        app.MapGrpcService<EventsService>();
        app.MapGrpcService<ClusterAdminService>();
        app.MapGrpcService<ModelsService>();
        app.MapGrpcService<DeliveryService>();
        app.MapGrpcHealthChecksService().Open().DisableRateLimiting();
        app.MapGrpcReflectionService().Requires(AccessRole.Viewer);
        app.MapGet("/camera-file", async (CameraFileReports reports, CancellationToken ct) =>
            await reports.AskAsync(ct) is { } status
                ? Results.Text(StatusJson.Format(status), "application/json")
                : Results.Json(new { state = "disabled", message = "no camera file is configured (actorvision.camera-file.path)" }, statusCode: 404))
            .Requires(AccessRole.Viewer);
        return app;
    }
}
