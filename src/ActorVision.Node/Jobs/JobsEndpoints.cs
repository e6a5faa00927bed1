using Akka.Configuration;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Jobs;
using ActorVision.Node.Access;
using ActorVision.Node.Dashboard;
using Akka.Actor;
using Akka.Hosting;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Node.Jobs;

/// <summary>Wires the Jobs gRPC service into the node host (one call each in <see cref="NodeHost"/>).</summary>
public static class JobsEndpoints
{
    public static IServiceCollection AddJobsApi(this IServiceCollection services, Config config, ModelCatalog catalog, SourceSettings sources,
        ActorVision.Core.Cameras.CameraLimits limits)
    {
        var settings = JobSettings.FromConfig(config.GetConfig("actorvision.jobs") ?? Config.Empty);
        services.AddSingleton(settings);
        services.AddSingleton(new JobSpecValidator(sources.Policy, catalog.ClassNamesByModel(), settings.DefaultAnalysisFps, limits));
        services.AddGrpc();
        services.AddSingleton(sp => new JobDirectory(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton<DashboardJobFeed>();
        services.AddSingleton<IDashboardJobSource>(sp => sp.GetRequiredService<DashboardJobFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<DashboardJobFeed>());
        return services;
    }

    public static WebApplication MapJobsApi(this WebApplication app)
    {
        app.MapGrpcService<JobsService>();
        app.MapGet("/jobs/{jobId}/results/{format}", DownloadResults).Requires(AccessRole.Viewer);
        return app;
    }

    /// <summary>Where the dashboard links a completed job's events: <c>format</c> is <c>jsonl</c> or <c>csv</c>.</summary>
    public static string ResultsPath(string jobId, string format) => $"/jobs/{Uri.EscapeDataString(jobId)}/results/{format}";

    private static async Task<IResult> DownloadResults(string jobId, string format, IRequiredActor<JobRegion> region, ActorSystem system,
        JobDirectory directory, CancellationToken cancellationToken)
    {
        if (format is not ("jsonl" or "csv")) return Results.BadRequest("format must be jsonl or csv");
        // Only ids of submitted jobs reach an entity: a made-up id would start (and get remembered as) one.
        if (!await directory.ExistsAsync(jobId, cancellationToken)) return Results.NotFound($"no job '{jobId}'");
        var shards = await region.GetAsync(cancellationToken);
        if (await shards.Ask<object>(new GetJob(jobId), TimeSpan.FromSeconds(10), cancellationToken) is not JobView view)
            return Results.NotFound($"no job '{jobId}'");
        var csv = format == "csv";
        return Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false));
            if (csv) await writer.WriteLineAsync(JobResultsFormat.CsvHeader);
            await foreach (var e in JobResultsReader.ReadAsync(system, view.JobId, cancellationToken))
                await writer.WriteLineAsync(csv ? JobResultsFormat.CsvRow(e, view.JobId) : JobResultsFormat.JsonLine(e, view.JobId));
        }, csv ? "text/csv" : "application/x-ndjson", $"{view.JobId}.{format}");
    }
}
