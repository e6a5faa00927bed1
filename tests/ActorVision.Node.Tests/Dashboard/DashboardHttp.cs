using System.Text;
using System.Text.Json;
using ActorVision.Node.Tests.Observability;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>Reads the dashboard's HTTP answers: the state JSON and the MJPEG live view.</summary>
public static class DashboardHttp
{
    public static string? CameraState(string body, string id) => CameraField(body, id, "state");

    public static string? CameraField(string body, string id, string field)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("cameras").EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } camera
            ? camera.GetProperty(field).GetString()
            : null;
    }

    public static string? SnapshotOf(string body, string id)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("camera").GetString() == id && e.GetProperty("rule").GetString() == CrossingCameraNode.LineRule)
            .Select(e => e.GetProperty("snapshot").GetString())
            .FirstOrDefault();
    }

    /// <summary>Opens a camera's live view and reads <paramref name="count"/> pictures from it.</summary>
    public static async Task<IReadOnlyList<byte[]>> ReadLiveViewAsync(HttpClient http, string cameraId, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var response = await http.GetAsync($"/api/cameras/{cameraId}/live.mjpg", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var pictures = new List<byte[]>();
        while (pictures.Count < count) pictures.Add(await ReadPartAsync(stream, cancel.Token));
        return pictures;
    }

    /// <summary>Every picture a whole JPEG, and the pictures change (the box moves).</summary>
    public static void AssertChangingJpegs(IReadOnlyList<byte[]> pictures)
    {
        Assert.All(pictures, jpeg =>
        {
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        });
        Assert.True(pictures.Select(Convert.ToBase64String).Distinct().Count() >= pictures.Count - 1, "live view pictures do not change");
    }

    /// <summary>One part of a multipart/x-mixed-replace stream: headers up to a blank line, then Content-Length bytes.</summary>
    public static async Task<byte[]> ReadPartAsync(Stream stream, CancellationToken cancel)
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
