namespace ActorVision.Common.Tests;

/// <summary>Addresses are split as FFmpeg splits them, so checks and redaction act on what FFmpeg would open.</summary>
public sealed class MediaUrlTests
{
    [Theory]
    [InlineData("/srv/media/a.mp4", null)]
    [InlineData("media/a.mp4", null)]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("file:/etc/passwd", "file")]
    [InlineData("concat:/a.mp4|/b.mp4", "concat")]
    [InlineData("subfile,,start,0,end,100,,:/etc/passwd", "subfile")]
    [InlineData("crypto+http://host/key", "crypto+http")]
    [InlineData("RTSP://cam/live", "rtsp")]
    [InlineData("pipe:0", "pipe")]
    // FFmpeg takes these as protocols too: a "file name" with a colon after scheme characters is not a file.
    [InlineData("data:video/mp4;base64,AAAA", "data")]
    [InlineData("./x:y.mp4", null)]
    public void The_scheme_is_the_protocol_FFmpeg_would_pick(string text, string? scheme) =>
        Assert.Equal(scheme, MediaUrl.SchemeOf(text));

    [Fact]
    public void The_user_info_ends_at_the_last_at_sign_of_the_authority()
    {
        var url = MediaUrl.Parse("rtsp://admin:p@ss@cam.local:8554/live/1?token=a#b");
        Assert.Equal(("rtsp", "admin:p@ss", "cam.local", "8554", "/live/1", "token=a", "b"),
            (url.Scheme, url.UserInfo, url.Host, url.Port, url.Path, url.Query, url.Fragment));
        Assert.True(url.HasValidPort);
    }

    [Fact]
    public void An_IPv6_host_loses_its_brackets_and_keeps_its_port()
    {
        var url = MediaUrl.Parse("rtsp://[fe80::1]:554/s");
        Assert.Equal(("fe80::1", "554"), (url.Host, url.Port));
    }

    [Theory]
    [InlineData("udp://@:9999", "", "9999")]
    [InlineData("rtsp://admin:pa/ss@cam/live", "admin", "pa")]
    public void Odd_authorities_split_exactly_as_FFmpeg_splits_them(string text, string host, string port)
    {
        var url = MediaUrl.Parse(text);
        Assert.Equal((host, port), (url.Host, url.Port));
    }
}
