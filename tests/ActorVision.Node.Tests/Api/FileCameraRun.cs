using ActorVision.Node.Tests.Support;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>Runs a file-mode camera over the scripted crossing clip to its end and waits until its events are all indexed.</summary>
public static class FileCameraRun
{
    public static async Task<IReadOnlyList<V1.AnalyticsEvent>> RunToEndAsync(GrpcClients clients, V1.CameraSpec spec)
    {
        await clients.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true });
        return await IndexedAsync(clients, spec.Id);
    }

    /// <summary>Waits for the camera to complete its file, then for the index to hold as many events as the camera recorded.</summary>
    public static async Task<IReadOnlyList<V1.AnalyticsEvent>> IndexedAsync(GrpcClients clients, string cameraId)
    {
        var id = new V1.CameraIdRequest { CameraId = cameraId };
        var done = await Eventually.GetAsync(
            async () => await clients.Cameras.GetCameraStatusAsync(id),
            s => s.State is V1.CameraState.Completed or V1.CameraState.Failed,
            TimeSpan.FromSeconds(90), $"camera {cameraId} completing its file");
        Assert.True(done.State == V1.CameraState.Completed, $"camera {cameraId}: {done.State} {done.Reason}");
        return await Eventually.GetAsync(
            () => AllAsync(clients, new V1.EventFilter { CameraId = cameraId }),
            events => events.Count == done.EventsTotal,
            TimeSpan.FromSeconds(30), $"{done.EventsTotal} events of {cameraId} in the index");
    }

    public static async Task<IReadOnlyList<V1.AnalyticsEvent>> AllAsync(GrpcClients clients, V1.EventFilter filter)
    {
        var page = await clients.Events.QueryEventsAsync(new V1.EventQuery { Filter = filter, PageSize = 1000 });
        Assert.Empty(page.NextPageToken);
        return page.Events;
    }
}
