using System.Net;
using System.Text;
using System.Text.Json;
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
            body => CameraState(body, id) == "Running", Timeout, "camera running on the dashboard", body => body);
        Assert.Equal(Akka.Cluster.Cluster.Get(node.System).SelfAddress.ToString(), CameraField(state, id, "node"));
        Assert.Equal(running.SourceUrl, CameraField(state, id, "source"));

        // MJPEG: multipart parts, each a whole JPEG; the box moves, so the pictures differ.
        using var cancel = new CancellationTokenSource(Timeout);
        using var response = await http.GetAsync($"/api/cameras/{id}/live.mjpg", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var pictures = new List<byte[]>();
        while (pictures.Count < 4) pictures.Add(await ReadPartAsync(stream, cancel.Token));
        Assert.All(pictures, jpeg =>
        {
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        });
        Assert.True(pictures.Select(Convert.ToBase64String).Distinct().Count() >= 3, "live view pictures do not change");

        // An event of the line rule appears with a snapshot the dashboard serves.
        var snapshot = await Eventually.GetAsync(() => http.GetStringAsync("/api/dashboard/state"),
            body => SnapshotOf(body, id) is not null, Timeout, "an event with a snapshot", body => body);
        using var picture = await http.GetAsync(SnapshotOf(snapshot, id));
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

    private static string? CameraState(string body, string id) => CameraField(body, id, "state");

    private static string? CameraField(string body, string id, string field)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("cameras").EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } camera
            ? camera.GetProperty(field).GetString()
            : null;
    }

    private static string? SnapshotOf(string body, string id)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("camera").GetString() == id && e.GetProperty("rule").GetString() == CrossingCameraNode.LineRule)
            .Select(e => e.GetProperty("snapshot").GetString())
            .FirstOrDefault();
    }

    /// <summary>One part of a multipart/x-mixed-replace stream: headers up to a blank line, then Content-Length bytes.</summary>
    private static async Task<byte[]> ReadPartAsync(Stream stream, CancellationToken cancel)
    {
        var headers = new StringBuilder();
        var one = new byte[1];
        while (!headers.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancel);
            headers.Append((char)one[0]);
        }
        var text = headers.ToString();
        Assert.Contains("--frame", text);
        Assert.Contains("Content-Type: image/jpeg", text);
        var length = int.Parse(text.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal))["Content-Length:".Length..].Trim());
        var jpeg = new byte[length];
        await stream.ReadExactlyAsync(jpeg, cancel);
        var end = new byte[2];
        await stream.ReadExactlyAsync(end, cancel);
        Assert.Equal("\r\n"u8.ToArray(), end);
        return jpeg;
    }
}
