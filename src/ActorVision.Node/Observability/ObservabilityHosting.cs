using System.Text.Json;
using Akka.Hosting;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Telemetry;
using ActorVision.Common.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics;
using ActorVision.Node.Access;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ActorVision.Node.Observability;

/// <summary>
/// Metrics, readiness and logging of a node: OpenTelemetry metrics (the <c>ActorVision</c> meter, .NET runtime and
/// process instrumentation) scraped by Prometheus at <c>/metrics</c>, <c>/ready</c> for Kubernetes, and the device
/// load monitor that feeds the device gauges and the dashboards.
/// </summary>
public static class ObservabilityHosting
{
    public static IServiceCollection AddNodeObservability(this IServiceCollection services)
    {
        services.AddSingleton<NodeObservations>();
        services.AddSingleton<ReadinessCheck>();
        services.AddSingleton(sp => new ReadinessCache(sp.GetRequiredService<ReadinessCheck>(), TimeProvider.System));
        // A request line per scrape, push and live-view frame would drown the cameras' lines.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        // The ActorVision meter of this node's own factory (the actor system's metrics extensions create it there):
        // a second node in the same process (tests) has its own, and neither exports the other's readings.
        services.AddMetrics(metrics => metrics.EnableMetrics(ActorVisionMeter.Name, instrumentName: null, listenerName: null, MeterScope.Local));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("actorvision-node"))
            .WithMetrics(metrics => metrics
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>The node's observability actors; call inside <c>AddAkka</c>.</summary>
    public static AkkaConfigurationBuilder AddNodeObservability(this AkkaConfigurationBuilder akka, IServiceProvider services, ActorVisionSettings settings)
    {
        var observations = services.GetRequiredService<NodeObservations>();
        akka.WithCustomSerializer("actorvision-node-messages", NodeMessageSerializer.BoundTypes, system => new NodeMessageSerializer(system));
        return akka.WithActors((system, _) =>
        {
            observations.Attach(system);
            var registration = ActorVisionMetrics.Get(system).Observe(observations);
            system.WhenTerminated.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            if (settings.Node.HasRole(ActorVisionRoles.Inference))
                system.ActorOf(DeviceLoadMonitor.Props(observations), "device-load-monitor");
        });
    }

    public static WebApplication MapNodeObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").Requires(AccessRole.Viewer);
        app.MapGet("/ready", async (ReadinessCache readiness, HttpContext context) =>
        {
            var report = await readiness.CurrentAsync(context.RequestAborted);
            var status = report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            // Open to probes without a key, which learn whether each check passed; the details are for key holders.
            return Caller.Of(context.User) is null
                ? Results.Json(new { report.Ready, report.Status, Checks = report.Checks.Select(c => new { c.Name, c.Ok }) }, JsonSerializerOptions.Web, statusCode: status)
                : Results.Json(report, JsonSerializerOptions.Web, statusCode: status);
        }).Open().DisableRateLimiting();
        return app;
    }
}
