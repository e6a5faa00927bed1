using ActorVision.Media.Sinks;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>
/// FFmpeg itself refuses what a source's whitelist forbids: local files listed by an HLS playlist over HTTP, a
/// redirect to a scheme the source may not use, playlists and file lists opened as local files, and FFmpeg's helper
/// protocols. Each case has a control next to it that plays, so a refusal is the whitelist's doing.
/// </summary>
public sealed class SourceWhitelistTests
{
    /// <summary>Three one-second HLS segments of the test pattern, written by the sink, with their playlist.</summary>
    private static HlsOutput WriteSegments(ScratchDirectory scratch)
    {
        var hls = new HlsOutput(scratch.File("hls")) { SegmentDuration = TimeSpan.FromSeconds(1), PlaylistSize = 10 };
        using var file = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p));
        using var sink = FrameSink.Open(new FrameSinkOptions(640, 360) { KeyframeInterval = TimeSpan.FromSeconds(1) }, [hls]);
        for (var i = 0; i < 75; i++)
        {
            using var frame = file.ReadFrame()!;
            sink.Write(frame);
        }
        sink.Complete();
        return hls;
    }

    private static string Playlist(IEnumerable<string> segments) =>
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
        + string.Concat(segments.Select(s => $"#EXTINF:1.0,\n{s}\n")) + "#EXT-X-ENDLIST\n";

    private static string[] Segments(HlsOutput hls) =>
        Directory.GetFiles(hls.Directory, "segment_*.ts").Order(StringComparer.Ordinal).ToArray();

    private static int CountFrames(FrameSource source)
    {
        var count = 0;
        while (source.ReadFrame() is { } frame)
        {
            frame.Release();
            count++;
        }
        return count;
    }

    [Fact]
    public void A_playlist_over_http_that_lists_local_file_segments_is_refused_by_FFmpeg()
    {
        using var scratch = new ScratchDirectory();
        var hls = WriteSegments(scratch);
        using var web = new LoopbackWebServer(hls.Directory);
        web.Serve("local.m3u8", Playlist(Segments(hls).Select(s => "file:" + s)));
        web.Serve("remote.m3u8", Playlist(Segments(hls).Select(Path.GetFileName)!));

        // Control: the same segments over HTTP play.
        using (var remote = FrameSource.Open(new FrameSourceOptions(web.Url("remote.m3u8"))))
            Assert.Equal(75, CountFrames(remote));

        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("local.m3u8"))));
        Assert.Equal(MediaErrorKind.NotAllowed, error.Kind);
        Assert.Contains("the playlist lists a local file", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void A_playlist_over_http_may_not_switch_to_https_segments_unless_https_is_allowed()
    {
        using var scratch = new ScratchDirectory();
        var hls = WriteSegments(scratch);
        using var web = new LoopbackWebServer(hls.Directory);
        // Nothing answers TLS there: allowed, the open fails connecting; not allowed, FFmpeg refuses before connecting.
        web.Serve("mixed.m3u8", Playlist(Segments(hls).Select(s => $"https://127.0.0.1:{TestPorts.Next()}/{Path.GetFileName(s)}")));

        var refused = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("mixed.m3u8")) { AllowedSchemes = ["http"] }));
        Assert.Equal(MediaErrorKind.NotAllowed, refused.Kind);
        Assert.Contains("'https' not on whitelist", refused.Message);

        var tried = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("mixed.m3u8")) { AllowedSchemes = ["http", "https"] }));
        Assert.NotEqual(MediaErrorKind.NotAllowed, tried.Kind);
    }

    [Fact]
    public void A_redirect_to_a_scheme_the_source_may_not_use_is_refused_by_FFmpeg()
    {
        using var web = new LoopbackWebServer(Path.GetDirectoryName(TestAssets.TestSource360p)!);
        web.Redirect("moved.mp4", web.Url("testsrc-360p.mp4"));
        web.Redirect("secure.mp4", $"https://127.0.0.1:{web.Port}/testsrc-360p.mp4");

        // Control: a redirect within http is followed.
        using (var followed = FrameSource.Open(new FrameSourceOptions(web.Url("moved.mp4"))))
            Assert.Equal(250, CountFrames(followed));

        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("secure.mp4")) { AllowedSchemes = ["http"] }));
        Assert.Equal(MediaErrorKind.NotAllowed, error.Kind);
        Assert.Contains("'tls' not on whitelist", error.Message);
    }

    [Fact]
    public void A_redirect_to_a_local_file_reads_nothing()
    {
        using var web = new LoopbackWebServer();
        web.Redirect("camera.mp4", "file://" + TestAssets.TestSource360p);

        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("camera.mp4")) { OpenTimeout = TimeSpan.FromSeconds(5) }));
        Assert.DoesNotContain("h264", error.Message);
    }

    [Fact]
    public void A_playlist_or_a_file_list_on_disk_is_refused_as_a_format()
    {
        using var scratch = new ScratchDirectory();
        var hls = WriteSegments(scratch);
        var concat = scratch.File("list.ffconcat");
        File.WriteAllText(concat, $"ffconcat version 1.0\nfile '{TestAssets.TestSource360p}'\n");

        var playlist = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(hls.PlaylistPath)));
        Assert.Equal(MediaErrorKind.NotAllowed, playlist.Kind);
        Assert.Contains("format 'hls'", playlist.Message);

        var list = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(concat)));
        Assert.Equal(MediaErrorKind.NotAllowed, list.Kind);
        Assert.Contains("format 'concat'", list.Message);

        // Control: a segment itself is a plain container and plays.
        using var segment = FrameSource.Open(new FrameSourceOptions(Segments(hls)[0]));
        Assert.Equal("mpegts", segment.Info.Container);
    }

    [Theory]
    [InlineData("concat:{0}|{0}")]
    [InlineData("subfile,,start,0,end,0,,:{0}")]
    [InlineData("pipe:0")]
    [InlineData("data:video/mp4;base64,AAAA")]
    [InlineData("crypto+file:{0}")]
    [InlineData("cache:{0}")]
    public void FFmpegs_helper_protocols_are_refused_before_FFmpeg_sees_them(string url)
    {
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(string.Format(url, TestAssets.TestSource360p))));
        Assert.Equal(MediaErrorKind.UnsupportedProtocol, error.Kind);
        Assert.Contains("not something ActorVision reads", error.Message);
    }

    [Fact]
    public void A_scheme_outside_the_allowed_ones_is_refused_before_connecting()
    {
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions("rtsp://127.0.0.1:1/live") { AllowedSchemes = ["http", "https"] }));
        Assert.Equal(MediaErrorKind.NotAllowed, error.Kind);
        Assert.Contains("allowed: http, https", error.Message);
    }
}
