using System.Net;
using Akka.Actor;
using ActorVision.Node.Tests.Observability;
using ActorVision.Node.Tests.Support;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>
/// The dashboard served by a node that does not run the camera (an api-only node joined to the camera's node): status
/// and events arrive over pub/sub, live JPEGs over remoting, and snapshots are fetched from the disk of the camera's node.
/// </summary>
public sealed class CrossNodeDashboardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_api_node_shows_a_camera_running_on_another_node_with_live_view_and_snapshots()
    {
        await using var running = await CrossingCameraNode.StartAsync("remote");
        var cameraNode = Akka.Cluster.Cluster.Get(running.Node.System).SelfAddress.ToString();
        // A stopped camera publishes nothing by itself: the api node, started after, must still list it.
        var quiet = running.CameraId + "-stopped";
        var region = await running.Node.CameraRegionAsync();
        Assert.IsType<CameraAccepted>(await region.Ask<object>(
            new RegisterCamera(CrossingCameraNode.Spec(quiet, running.SourceUrl), CameraOwner.Api, Start: false), TimeSpan.FromSeconds(30)));
        await using var api = await TestNode.StartAsync($$"""
            actorvision.node { roles = [api], seed-nodes = ["{{cameraNode}}"] }
            """);
        using var http = new HttpClient { BaseAddress = api.HttpAddress };
        var id = running.CameraId;

        var state = await Eventually.GetAsync(() => http.GetStringAsync("/api/dashboard/state"),
            body => DashboardHttp.CameraState(body, id) == "Running", Timeout, "the remote camera on the api node's dashboard", body => body);
        Assert.Equal(cameraNode, DashboardHttp.CameraField(state, id, "node"));
        await Eventually.GetAsync(() => http.GetStringAsync("/api/dashboard/state"),
            body => DashboardHttp.CameraState(body, quiet) == "Stopped", Timeout, "the stopped camera listed", body => body);

        DashboardHttp.AssertChangingJpegs(await DashboardHttp.ReadLiveViewAsync(http, id, 3, Timeout));

        var withEvent = await Eventually.GetAsync(() => http.GetStringAsync("/api/dashboard/state"),
            body => DashboardHttp.SnapshotOf(body, id) is not null, Timeout, "a remote event with a snapshot", body => body);
        var snapshot = DashboardHttp.SnapshotOf(withEvent, id)!;
        Assert.False(Directory.Exists(Path.Combine(api.DataFolder, "snapshots", id)), "the api node has the snapshot on its own disk");
        using var picture = await http.GetAsync(snapshot);
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal([0xFF, 0xD8], (await picture.Content.ReadAsByteArrayAsync())[..2]);
    }
}
