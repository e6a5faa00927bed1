using ActorVision.Cli.Cameras;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Tests;

public class UrlRedactionTests
{
    [Theory]
    [InlineData("rtsp://admin:hunter2@10.0.0.5:554/stream1", "rtsp://admin:***@10.0.0.5:554/stream1")]
    [InlineData("rtsp://token@cam.local/live", "rtsp://***@cam.local/live")]
    [InlineData("http://cam/video.cgi?user=admin&password=hunter2&res=hd", "http://cam/video.cgi?user=admin&password=***&res=hd")]
    [InlineData("https://cdn/x.m3u8?token=abc123", "https://cdn/x.m3u8?token=***")]
    [InlineData("rtsp://10.0.0.5/stream1", "rtsp://10.0.0.5/stream1")]
    [InlineData("/media/videos/lobby.mp4", "/media/videos/lobby.mp4")]
    [InlineData("rtsp://admin:***@10.0.0.5/s", "rtsp://admin:***@10.0.0.5/s")]
    [InlineData("", "")]
    public void Credentials_are_masked_and_the_rest_kept(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.Redact(url));

    [Fact]
    public void A_url_and_its_redacted_form_compare_equal_without_credentials() =>
        Assert.Equal(
            UrlRedaction.WithoutCredentials("rtsp://admin:hunter2@cam/s?password=x"),
            UrlRedaction.WithoutCredentials("rtsp://admin:***@cam/s?password=***"));
}
