using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Hosting;
using ActorVision.Node.Access;
using Microsoft.Net.Http.Headers;

namespace ActorVision.Node.Dashboard;

/// <summary>
/// The dashboard's HTTP surface on the node's HTTP port: the page (<c>/dashboard/</c>), the server push of state
/// changes (<c>/api/dashboard/stream</c>, Server-Sent Events), a one-off snapshot (<c>/api/dashboard/state</c>), the
/// live annotated view of a camera (<c>/api/cameras/{id}/live.mjpg</c>, MJPEG) and event snapshots.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly byte[] PartHeaderStart = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/dashboard/")).Requires(AccessRole.Viewer);
        app.MapGet("/dashboard/{*file}", ServeAsset).Requires(AccessRole.Viewer);
        app.MapGet("/api/dashboard/state", (DashboardState state, IServiceProvider services) =>
            Results.Json(state.Read(new DashboardCursor(), services.GetService<IDashboardJobSource>()), JsonSerializerOptions.Web))
            .Requires(AccessRole.Viewer);
        app.MapGet("/api/dashboard/stream", StreamAsync).Requires(AccessRole.Viewer).RequireRateLimiting(RequestLimits.DashboardStreams);
        app.MapGet("/api/cameras/{id}/live.mjpg", LiveViewAsync).Requires(AccessRole.Viewer).RequireRateLimiting(RequestLimits.LiveViews);
        app.MapGet("/api/snapshots/{camera}/{file}", SnapshotAsync).Requires(AccessRole.Viewer);
        return app;
    }

    private static IResult ServeAsset(string? file, EmbeddedAssets assets, HttpContext context)
    {
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (assets.Find(name) is not { } asset) return Results.NotFound();
        context.Response.Headers.CacheControl = "no-cache"; // revalidate: a node upgrade must show the new page
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static async Task StreamAsync(HttpContext context, DashboardState state, DashboardSettings settings, IServiceProvider services)
    {
        var jobs = services.GetService<IDashboardJobSource>();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies must not hold pushes back
        var cursor = new DashboardCursor();
        var cancel = context.RequestAborted;
        var lastWrite = DateTime.UtcNow;
        using var timer = new PeriodicTimer(settings.PushInterval);
        try
        {
            await response.WriteAsync($"retry: 2000\n\n", cancel);
            do
            {
                var delta = state.Read(cursor, jobs);
                if (!delta.IsEmpty)
                {
                    await response.WriteAsync("data: " + JsonSerializer.Serialize(delta, JsonSerializerOptions.Web) + "\n\n", cancel);
                    lastWrite = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - lastWrite > KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancel);
                    lastWrite = DateTime.UtcNow;
                }
                await response.Body.FlushAsync(cancel);
            }
            while (await timer.WaitForNextTickAsync(cancel));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The browser went away.
        }
    }

    private static async Task LiveViewAsync(string id, HttpContext context, DashboardState state, IRequiredActor<LiveViewHub> hubRef)
    {
        // Only cameras the cluster has: a message to an unknown id would start (and remember) an empty entity.
        if (state.Camera(id) is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var hub = await hubRef.GetAsync(context.RequestAborted);
        var channel = LiveViewHub.CreateViewerChannel();
        var cancel = context.RequestAborted;
        hub.Tell(new OpenLiveView(id, channel.Writer));
        try
        {
            var response = context.Response;
            response.ContentType = "multipart/x-mixed-replace; boundary=frame";
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.StartAsync(cancel);
            await foreach (var frame in channel.Reader.ReadAllAsync(cancel))
            {
                var body = response.Body;
                await body.WriteAsync(PartHeaderStart, cancel);
                await body.WriteAsync(Encoding.ASCII.GetBytes(frame.Jpeg.Length + "\r\nX-Sequence: " + frame.Sequence + "\r\n\r\n"), cancel);
                await body.WriteAsync(frame.Jpeg, cancel);
                await body.WriteAsync(CrLf, cancel);
                await body.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The browser closed the view.
        }
        finally
        {
            hub.Tell(new CloseLiveView(id, channel.Writer));
        }
    }

    private static async Task<IResult> SnapshotAsync(string camera, string file, DashboardState state, ActorVisionSettings settings, ActorSystem system)
    {
        if (!file.EndsWith(".jpg", StringComparison.Ordinal) || !Guid.TryParse(file[..^4], out var eventId)) return Results.NotFound();
        var local = SnapshotFiles.PathOf(settings.Node.DataFolder, camera, eventId);
        if (local is null) return Results.NotFound();
        if (File.Exists(local)) return Results.File(local, "image/jpeg", enableRangeProcessing: false, entityTag: new EntityTagHeaderValue($"\"{eventId:N}\""));

        // The camera ran on another node: its snapshot is on that node's disk.
        var node = state.NodeOfEvent(eventId) ?? state.Camera(camera)?.Node;
        if (node is null || node == Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()) return Results.NotFound();
        try
        {
            var path = new RootActorPath(Address.Parse(node)) / "user" / SnapshotFiles.Name;
            var content = await system.ActorSelection(path).Ask<SnapshotFileContent>(new GetSnapshotFile(camera, eventId), TimeSpan.FromSeconds(5));
            return content.Jpeg is { } jpeg ? Results.Bytes(jpeg, "image/jpeg") : Results.NotFound();
        }
        catch (Exception ex) when (ex is AskTimeoutException or ActorNotFoundException or UriFormatException)
        {
            return Results.NotFound();
        }
    }
}
