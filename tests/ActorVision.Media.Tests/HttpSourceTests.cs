using ActorVision.Media.Sinks;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>Progressive HTTP and HLS over HTTP, from a loopback web server serving real files.</summary>
public sealed class HttpSourceTests
{
    [Fact]
    public void Reads_an_mp4_over_http_as_a_file()
    {
        using var web = new LoopbackWebServer(Path.GetDirectoryName(TestAssets.TestSource360p)!);
        using var source = FrameSource.Open(new FrameSourceOptions(web.Url("testsrc-360p.mp4")));
        Assert.False(source.Info.IsLive);
        var count = 0;
        while (source.ReadFrame() is { } frame)
        {
            frame.Release();
            count++;
        }
        Assert.Equal(250, count);
    }

    [Fact]
    public void Reads_hls_written_by_the_sink_over_http()
    {
        using var scratch = new ScratchDirectory();
        var hls = new HlsOutput(scratch.Path) { SegmentDuration = TimeSpan.FromSeconds(1), PlaylistSize = 20 };
        using (var file = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p)))
        using (var sink = FrameSink.Open(new FrameSinkOptions(640, 360) { KeyframeInterval = TimeSpan.FromSeconds(1) }, [hls]))
        {
            for (var i = 0; i < 100; i++)
            {
                using var frame = file.ReadFrame()!;
                sink.Write(frame);
            }
        }
        using var web = new LoopbackWebServer(scratch.Path);
        using var source = FrameSource.Open(new FrameSourceOptions(web.Url(hls.PlaylistName)));
        Assert.Equal("hls", source.Info.Container);
        var count = 0;
        while (source.ReadFrame() is { } frame)
        {
            frame.Release();
            count++;
        }
        Assert.Equal(100, count);
    }

    [Fact]
    public void A_missing_http_resource_is_not_found()
    {
        using var web = new LoopbackWebServer(Path.GetDirectoryName(TestAssets.TestSource360p)!);
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("nothing-here.mp4"))));
        Assert.Equal(MediaErrorKind.NotFound, error.Kind);
    }
}
