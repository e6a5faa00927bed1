using System.Net;
using ActorVision.Node.Tests.Observability;
using ActorVision.Node.Tests.Support;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>The dashboard's HTTP surface over a real running camera: state push, MJPEG live view, event snapshots.</summary>
public sealed class LiveViewTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_live_view_streams_changing_annotated_jpegs_and_events_link_to_their_snapshots()
    {
        await using var running = await CrossingCameraNode.StartAsync("live");
        var (node, http, id) = (running.Node, running.Http, running.CameraId);

        // The camera's published status reaches the dashboard state.
        var state = await Eventually.GetAsync(() => http.GetStringAsync("/api/dashboard/state"),
            body => DashboardHttp.CameraState(body, id) == "Running", Timeout, "camera running on the dashboard", body => body);
        Assert.Equal(Akka.Cluster.Cluster.Get(node.System).SelfAddress.ToString(), DashboardHttp.CameraField(state, id, "node"));
        Assert.Equal(running.SourceUrl, DashboardHttp.CameraField(state, id, "source"));

        // MJPEG: multipart parts, each a whole JPEG; the box moves, so the pictures differ.
        DashboardHttp.AssertChangingJpegs(await DashboardHttp.ReadLiveViewAsync(http, id, 4, Timeout));

        // An event of the line rule appears with a snapshot the dashboard serves.
        var snapshot = await Eventually.GetAsync(() => http.GetStringAsync("/api/dashboard/state"),
            body => DashboardHttp.SnapshotOf(body, id) is not null, Timeout, "an event with a snapshot", body => body);
        using var picture = await http.GetAsync(DashboardHttp.SnapshotOf(snapshot, id));
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal("image/jpeg", picture.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xFF, 0xD8], (await picture.Content.ReadAsByteArrayAsync())[..2]);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/snapshots/{id}/{Guid.NewGuid():D}.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/snapshots/..%2F..%2Fetc/{Guid.NewGuid():D}.jpg")).StatusCode);
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_node()
    {
        await using var node = await TestNode.StartAsync();
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var page = await http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>ActorVision</title>", html);
        Assert.DoesNotContain("://", html.Replace("http://www.w3.org", "")); // nothing from another origin
        foreach (var asset in new[] { "/dashboard/app.js", "/dashboard/app.css" })
        {
            var response = await http.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var etag = response.Headers.ETag;
            Assert.NotNull(etag);
            using var again = new HttpRequestMessage(HttpMethod.Get, asset);
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard/missing.js")).StatusCode);
    }
}
