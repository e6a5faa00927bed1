namespace ActorVision.Common.Tests;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("rtsp://admin:secret@10.0.0.5:554/stream1", "rtsp://***@10.0.0.5:554/stream1")]
    [InlineData("rtsp://user@cam/live", "rtsp://***@cam/live")]
    [InlineData("rtsp://cam.local/live", "rtsp://cam.local/live")]
    [InlineData("http://cam/video.mjpg?user=a&password=p@ss&res=hd", "http://cam/video.mjpg?user=a&password=***&res=hd")]
    [InlineData("https://cdn/x.m3u8?token=abc", "https://cdn/x.m3u8?token=***")]
    [InlineData("/recordings/a@b.mp4", "/recordings/a@b.mp4")]
    [InlineData("", "")]
    public void Credentials_are_removed_and_everything_else_kept(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.Redact(url));

    [Fact]
    public void Urls_inside_log_lines_are_redacted()
    {
        var line = "[rtsp @ 0x1] method DESCRIBE failed for rtsp://admin:hunter2@cam:554/s: 401 Unauthorized";
        var redacted = UrlRedaction.RedactInText(line);
        Assert.DoesNotContain("hunter2", redacted);
        Assert.Contains("rtsp://***@cam:554/s", redacted);
    }
}
