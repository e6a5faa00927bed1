using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Node.Access;
using ActorVision.Node.Api;
using ActorVision.Node.Configuration;
using ActorVision.Node.Demo;
using ActorVision.Node.Jobs;
using ActorVision.Node.Dashboard;
using ActorVision.Node.Observability;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ActorVision.Cluster.Configuration;
using ActorVision.Delivery;
using ActorVision.Delivery.EventIndex;

namespace ActorVision.Node;

/// <summary>Builds the node's web host: Kestrel endpoints, the Akka actor system and the HTTP/gRPC surface.</summary>
public static class NodeHost
{
    /// <summary>The camera file --demo uses (in the configuration folder; "example" files are not loaded as configuration).</summary>
    public const string DemoCameraFile = "example-demo-cameras.conf";
    private static readonly JsonSerializerOptions DeliveryJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static WebApplication Build(NodeCommandLine commandLine)
    {
        var config = HoconFiles.Load(commandLine.ConfigDirectory, commandLine.ConfigFiles);
        // Relative model paths in models.conf and media roots are relative to the folder that holds the configuration folder.
        var contentRoot = Path.GetDirectoryName(Path.GetFullPath(commandLine.ConfigDirectory))!;
        var settings = ActorVisionSettings.FromConfig(config, contentRoot);
        var apiSection = config.GetConfig("actorvision.api") ?? Akka.Configuration.Config.Empty;
        var api = ApiSettings.FromConfig(apiSection);
        var access = AccessSettings.FromConfig(apiSection, api.DefaultHosts(settings.Node.Hostname, settings.Node.PublicHostname));
        var limits = RequestLimits.FromConfig(apiSection.GetConfig("limits"));
        var exposure = Exposure.Check(api.BindAddress, access.Keys, api.UsesTls, settings.Node.Hostname, settings.Node.Tls.Enabled,
            config.GetBoolean("actorvision.insecure", false));
        var catalog = ModelCatalog.FromConfig(config, contentRoot);
        var inference = InferenceSettings.FromConfig(config);
        var controlPlane = ControlPlaneSetup.FromConfig(config, settings, catalog, contentRoot,
            commandLine.Demo ? Path.Combine(commandLine.ConfigDirectory, DemoCameraFile) : null);
        var delivery = DeliverySettings.FromConfig(config);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.IncludeScopes = true;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = System.Net.IPAddress.Parse(api.BindAddress);
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            kestrel.Limits.MaxRequestBodySize = limits.MaxMessageSize + 64 * 1024;
            kestrel.Listen(address, api.HttpPort, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                if (api.UsesTls) o.UseHttps(api.TlsCertificate, api.TlsCertificatePassword);
                o.Serve(Listener.Http);
            });
            if (settings.Node.HasRole(ActorVisionRoles.Api))
            {
                kestrel.Listen(address, api.GrpcPort, o =>
                {
                    o.Protocols = HttpProtocols.Http2;
                    if (api.UsesTls) o.UseHttps(api.TlsCertificate, api.TlsCertificatePassword);
                    o.Serve(Listener.Grpc);
                });
            }
        });

        // SIGTERM and Ctrl+C: Akka's coordinated shutdown hands this node's cameras over before it exits.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Node.ShutdownTimeout);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(api);
        builder.Services.AddAccess(access, limits);
        builder.Services.AddSingleton(catalog);
        if (settings.Node.HasRole(ActorVisionRoles.Api)) builder.Services.AddActorVisionApi(controlPlane, limits);
        builder.Services.AddSingleton(services => new DeliverySinks(SinkDefinition.From(delivery), services.GetRequiredService<IRequiredActor<EventDelivery>>()));
        // Made by the container so that it is disposed with the host, after the actor system has stopped.
        builder.Services.AddSingleton(_ => new DeliveryStore(settings.Persistence, JournalTagTable.FromConfig(config)));
        builder.Services.AddJobsApi(config, catalog, settings.Sources, settings.Cameras.Limits);
        builder.Services.AddNodeObservability();
        builder.Services.AddDashboard(DashboardSettings.FromConfig(config.GetConfig("actorvision.dashboard")));
        builder.Services.AddAkka(NodeSettings.SystemName, (akka, services) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<NodeLogBridge>(); // MEL, with camera/job scopes and URL credentials redacted
            });
            akka.AddActorVision(settings, config, catalog, inference);
            akka.AddControlPlane(controlPlane, services.GetService<EventIndexServices>());
            if (controlPlane.ConsoleEvents || commandLine.Demo) akka.AddConsoleEvents();
            akka.AddNodeObservability(services, settings);
            akka.AddDashboard(services, settings);
            akka.AddDelivery(settings, delivery, services.GetRequiredService<DeliveryStore>());
            akka.AddStorage(settings, delivery, config);
        });

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorVision.Node.Access");
        foreach (var (level, message) in exposure) log.Log(level, "{Exposure}", message);
        app.UseAccess();
        app.MapGet("/healthz", () => Results.Ok("alive")).Open().DisableRateLimiting();
        app.MapLogin();
        if (settings.Node.HasRole(ActorVisionRoles.Api)) app.MapActorVisionApi();
        app.MapJobsApi();
        app.MapNodeObservability();
        app.MapDashboard(settings);
        app.MapGet("/delivery", async (DeliverySinks sinks, CancellationToken cancellationToken) => Results.Json(await sinks.HealthAsync(cancellationToken), DeliveryJson))
            .Requires(AccessRole.Viewer);
        return app;
    }
}
