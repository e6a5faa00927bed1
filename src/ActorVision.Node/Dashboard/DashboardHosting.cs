using Akka.Hosting;
using ActorVision.Cluster.Hosting;

namespace ActorVision.Node.Dashboard;

/// <summary>Wires the dashboard into a node: its state and actors (nodes with the <c>api</c> role), and snapshot serving (<c>ingest</c>).</summary>
public static class DashboardHosting
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, DashboardSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<DashboardState>();
        services.AddSingleton<EmbeddedAssets>();
        return services;
    }

    /// <summary>The dashboard's actors; call inside <c>AddAkka</c>, after <c>AddActorVision</c> (it needs the camera region).</summary>
    public static AkkaConfigurationBuilder AddDashboard(this AkkaConfigurationBuilder akka, IServiceProvider services, ActorVisionSettings settings)
    {
        var dashboard = services.GetRequiredService<DashboardSettings>();
        var state = services.GetRequiredService<DashboardState>();
        return akka.WithActors((system, registry) =>
        {
            if (settings.Node.HasRole(ActorVisionRoles.Ingest))
                system.ActorOf(SnapshotFiles.Props(settings.Node.DataFolder), SnapshotFiles.Name);
            if (!dashboard.Enabled || !settings.Node.HasRole(ActorVisionRoles.Api)) return;
            var region = registry.Get<CameraRegion>();
            system.ActorOf(DashboardListener.Props(state, dashboard, region, settings.Capacity.ReportMaxAge), "dashboard");
            registry.Register<LiveViewHub>(system.ActorOf(LiveViewHub.Props(region, dashboard), "live-view"));
        });
    }

    public static WebApplication MapDashboard(this WebApplication app, ActorVisionSettings settings)
    {
        var dashboard = app.Services.GetRequiredService<DashboardSettings>();
        if (dashboard.Enabled && settings.Node.HasRole(ActorVisionRoles.Api)) DashboardEndpoints.MapDashboard(app);
        return app;
    }
}
