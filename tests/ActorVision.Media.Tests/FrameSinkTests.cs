using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Media.Overlay;
using ActorVision.Media.Sinks;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

public sealed class FrameSinkTests
{
    private static readonly FrameSinkOptions Small = new(640, 360) { KeyframeInterval = TimeSpan.FromSeconds(1) };

    [Fact]
    public void One_encode_feeds_an_mp4_file_and_rolling_hls_with_every_frame()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("out/recording.mp4");
        var hls = new HlsOutput(scratch.File("hls")) { SegmentDuration = TimeSpan.FromSeconds(1), PlaylistSize = 3 };
        Directory.CreateDirectory(hls.Directory);
        File.WriteAllText(hls.PlaylistPath, "#EXTM3U\n#EXTINF:1.0,\nsegment_000099.ts\n"); // left by an earlier run
        File.WriteAllText(Path.Combine(hls.Directory, "segment_000099.ts"), "stale");
        using (var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p)))
        using (var sink = FrameSink.Open(Small, [new Mp4Output(mp4), hls]))
        {
            Assert.Equal("libx264", sink.EncoderName);
            Assert.Null(sink.EncoderFallbackReason);
            while (source.ReadFrame() is { } frame)
            {
                sink.Write(frame);
                frame.Release();
            }
            sink.Complete();
            Assert.Equal(250, sink.FramesEncoded);
            Assert.All(sink.Outputs, o => Assert.Equal(OutputState.Closed, o.State));
            Assert.All(sink.Outputs, o => Assert.True(o.PacketsWritten > 0));
        }

        Assert.Equal(250, FFmpegTool.CountFrames(mp4));
        Assert.Equal("h264", FFmpegTool.StreamProperty(mp4, "codec_name"));
        Assert.Equal(10.0, FFmpegTool.Duration(mp4), 1);

        var playlist = File.ReadAllLines(hls.PlaylistPath);
        Assert.Contains("#EXT-X-ENDLIST", playlist);
        var listed = playlist.Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, listed.Length);
        Assert.DoesNotContain("segment_000099.ts", listed);
        Assert.All(listed, name => Assert.True(File.Exists(Path.Combine(hls.Directory, name)), $"{name} is listed but missing"));
        // Old segments are deleted: at most the listed ones plus the one kept for players still reading it.
        Assert.InRange(Directory.GetFiles(hls.Directory, "*.ts").Length, 3, 4);
        // The last three one-second segments play: about 75 frames.
        Assert.InRange(FFmpegTool.CountFrames(hls.PlaylistPath), 60, 90);
    }

    [Fact]
    public void The_overlay_draws_on_the_encoders_copy_and_never_on_the_shared_frame()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("boxes.mp4");
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p));
        using (var sink = FrameSink.Open(Small with { BitRate = 4_000_000 }, [new Mp4Output(mp4)]))
        {
            for (var i = 0; i < 25; i++)
            {
                using var frame = source.ReadFrame()!;
                var before = frame.Pixels.ToArray();
                sink.Write(frame, canvas => canvas.FillBox(new BoxF(100, 100, 200, 200), Rgb.Red));
                Assert.True(before.AsSpan().SequenceEqual(frame.Pixels), "the decoded frame must stay untouched");
            }
        }

        using var check = FrameSource.Open(new FrameSourceOptions(mp4));
        using var decoded = check.ReadFrame()!;
        var row = decoded.Row(150);
        var (r, g, b) = (row[3 * 150], row[3 * 150 + 1], row[3 * 150 + 2]);
        Assert.True(r > 180 && g < 70 && b < 70, $"expected red at (150,150), got ({r},{g},{b})");
    }

    [Fact]
    public void Frames_from_a_restarted_source_keep_the_output_timeline_monotonic()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("restart.mp4");
        using (var sink = FrameSink.Open(Small, [new Mp4Output(mp4)]))
        {
            for (var run = 0; run < 2; run++)
            {
                // A new source after a reconnect starts its stream time at zero again.
                using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p));
                for (var i = 0; i < 50; i++)
                {
                    using var frame = source.ReadFrame()!;
                    sink.Write(frame);
                }
            }
            for (var i = 0; i < 25; i++) sink.WriteSlate("RECONNECTING...");
        }
        Assert.Equal(125, FFmpegTool.CountFrames(mp4));
        Assert.Equal(5.0, FFmpegTool.Duration(mp4), 1);
    }

    [Fact]
    public void Compression_mode_with_b_frames_keeps_every_frame()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("archive.mp4");
        using (var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p)))
        using (var sink = FrameSink.Open(Small with { LowLatency = false, Preset = "fast" }, [new Mp4Output(mp4) { Fragmented = true }]))
        {
            for (var i = 0; i < 60; i++)
            {
                using var frame = source.ReadFrame()!;
                sink.Write(frame);
            }
        }
        Assert.Equal(60, FFmpegTool.CountFrames(mp4));
        Assert.Equal(2.4, FFmpegTool.Duration(mp4), 1);
    }

    [Fact]
    public void A_slate_is_a_dark_picture_with_the_message()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("slate.mp4");
        using (var sink = FrameSink.Open(Small with { BitRate = 4_000_000 }, [new Mp4Output(mp4)]))
        {
            for (var i = 0; i < 10; i++) sink.WriteSlate("CAMERA OFFLINE");
        }
        using var check = FrameSource.Open(new FrameSourceOptions(mp4) { OutputFormat = PixelFormat.Gray8 });
        using var slate = check.ReadFrame()!;
        var (width, height) = BitmapFont.Measure("CAMERA OFFLINE", 2);
        int bright = 0, dark = 0;
        for (var y = 0; y < 360; y++)
        for (var x = 0; x < 640; x++)
        {
            var value = slate.Row(y)[x];
            var inText = x >= (640 - width) / 2 && x < (640 + width) / 2 && y >= (360 - height) / 2 && y < (360 + height) / 2;
            if (value > 200) { bright++; Assert.True(inText, $"bright pixel outside the message at ({x},{y})"); }
            else if (value < 70) dark++;
        }
        Assert.True(bright > 200, "the message is drawn");
        Assert.True(dark > 640 * 360 * 9 / 10, "the rest is dark");
    }

    [Fact]
    public void Nvenc_without_a_gpu_falls_back_to_x264_and_says_why()
    {
        using var scratch = new ScratchDirectory();
        using var sink = FrameSink.Open(Small with { Encoder = H264Encoder.Nvenc }, [new Mp4Output(scratch.File("x.mp4"))]);
        Assert.Equal("libx264", sink.EncoderName);
        Assert.False(string.IsNullOrWhiteSpace(sink.EncoderFallbackReason));
        sink.WriteSlate("ok");
    }

    [Fact]
    public void A_file_output_that_cannot_be_created_fails_the_open()
    {
        var error = Assert.Throws<MediaException>(() => FrameSink.Open(Small, [new Mp4Output("/proc/no/such/place/x.mp4")]));
        Assert.Contains(error.Kind, new[] { MediaErrorKind.Io, MediaErrorKind.NotFound, MediaErrorKind.Unauthorized });
    }

    [Fact]
    public void A_dead_rtsp_server_does_not_stop_the_recording_and_is_retried()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("kept.mp4");
        var port = FreePort();
        var options = Small with { ReconnectInitialDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(40) };
        using (var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p)))
        using (var sink = FrameSink.Open(options, [new RtspOutput($"rtsp://user:pw@127.0.0.1:{port}/publish"), new Mp4Output(mp4)]))
        {
            while (source.ReadFrame() is { } frame)
            {
                sink.Write(frame);
                frame.Release();
            }
            var rtsp = sink.Outputs[0];
            Assert.Equal(OutputState.Reconnecting, rtsp.State);
            Assert.Equal(MediaErrorKind.ConnectionRefused, rtsp.LastErrorKind);
            Assert.True(rtsp.Failures >= 1);
            Assert.DoesNotContain("pw", rtsp.Name);
            Assert.Equal(OutputState.Running, sink.Outputs[1].State);
        }
        Assert.Equal(250, FFmpegTool.CountFrames(mp4));
    }

    [Fact]
    public void Publishes_to_an_rtsp_server_and_the_stream_reads_back_with_the_overlay()
    {
        using var server = RtspTestServer.Start();
        using var camera = FrameSource.Open(new FrameSourceOptions(server.CameraUrl));
        using var sink = FrameSink.Open(Small with { BitRate = 3_000_000 }, [new RtspOutput(server.PublishUrl)]);
        using var stop = new CancellationTokenSource();
        // The live camera paces the publisher like a real one would.
        var publisher = Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var frame = camera.ReadFrame()!;
                sink.Write(frame, static canvas => canvas.FillBox(new BoxF(0, 0, 160, 120), Rgb.Blue));
            }
        }, TaskCreationOptions.LongRunning);
        try
        {
            using var output = FrameSource.Open(new FrameSourceOptions(server.OutputUrl) { OpenTimeout = TimeSpan.FromSeconds(20) });
            Assert.Equal((640, 360), (output.Info.SourceWidth, output.Info.SourceHeight));
            for (var i = 0; i < 25; i++)
            {
                using var frame = output.ReadFrame()!;
                if (i < 24) continue;
                var row = frame.Row(60);
                var (r, g, b) = (row[3 * 80], row[3 * 80 + 1], row[3 * 80 + 2]);
                Assert.True(b > 180 && r < 90 && g < 120, $"expected the blue box at (80,60), got ({r},{g},{b})");
            }
            Assert.Equal(OutputState.Running, sink.Outputs[0].State);
        }
        finally
        {
            stop.Cancel();
            publisher.Wait(TimeSpan.FromSeconds(10));
        }
        Assert.True(publisher.IsCompletedSuccessfully, publisher.Exception?.ToString());
    }

    [Fact]
    public void An_rtsp_output_reconnects_when_the_server_comes_back()
    {
        using var server = RtspTestServer.Start();
        server.Kill();
        var options = Small with { ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(100) };
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { LoopFile = true });
        using var sink = FrameSink.Open(options, [new RtspOutput(server.PublishUrl)]);
        for (var i = 0; i < 10; i++)
        {
            using var frame = source.ReadFrame()!;
            sink.Write(frame);
        }
        Assert.Equal(OutputState.Reconnecting, sink.Outputs[0].State);

        server.Restart();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (sink.Outputs[0].PacketsWritten < 10 && DateTime.UtcNow < deadline)
        {
            using var frame = source.ReadFrame()!;
            sink.Write(frame);
        }
        Assert.Equal(OutputState.Running, sink.Outputs[0].State);
        Assert.True(sink.Outputs[0].PacketsWritten >= 10, $"wrote {sink.Outputs[0].PacketsWritten} packets after the restart");
    }

    private static int FreePort() => TestPorts.Next();
}
