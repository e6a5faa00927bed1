using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorVision.Core.Imaging;
using ActorVision.Tests;
using ActorVision.Core.Cameras;

namespace ActorVision.Media.Tests;

public sealed class RtspSourceTests
{
    [Theory]
    [InlineData(RtspTransport.Tcp)]
    [InlineData(RtspTransport.Udp)]
    public void Reads_a_live_camera(RtspTransport transport)
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { RtspTransport = transport, OutputWidth = 320 });
        Assert.True(source.Info.IsLive);
        Assert.Equal("h264", source.Info.Codec);
        Assert.Equal((640, 360), (source.Info.SourceWidth, source.Info.SourceHeight));
        Assert.Null(source.Info.Duration);

        var previous = TimeSpan.MinValue;
        var previousCapture = DateTime.MinValue;
        for (var i = 0; i < 30; i++)
        {
            using var frame = source.ReadFrame()!;
            Assert.Equal((320, 180), (frame.Width, frame.Height));
            Assert.True(frame.StreamTime > previous);
            Assert.True(frame.CaptureTimeUtc >= previousCapture);
            previous = frame.StreamTime;
            previousCapture = frame.CaptureTimeUtc;
        }
        // 30 frames at 25 fps: about 1.2 s of media time.
        Assert.InRange(previous.TotalSeconds, 1.0, 1.5);
    }

    [Fact]
    public void The_test_server_exits_cleanly_on_sigterm_and_restarts_on_its_port()
    {
        using var server = RtspTestServer.Start();
        var port = server.Port;
        server.Stop();
        Assert.False(server.IsRunning);
        Assert.Equal(0, server.ExitCode);
        Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { OpenTimeout = TimeSpan.FromSeconds(3) }));

        server.Restart();
        Assert.Equal(port, server.Port);
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl));
        source.ReadFrame()!.Release();
    }

    [Fact]
    public void Reads_the_1080p_camera_scaled_for_analysis()
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.Camera1080Url) { OutputWidth = 640, MaxFps = 5 });
        Assert.Equal((1920, 1080), (source.Info.SourceWidth, source.Info.SourceHeight));
        for (var i = 0; i < 5; i++)
        {
            using var frame = source.ReadFrame()!;
            Assert.Equal((640, 360), (frame.Width, frame.Height));
        }
        Assert.True(source.FramesSkipped > 0);
    }

    [Fact]
    public void A_looping_recording_restarts_its_timestamps_but_stream_time_stays_monotonic()
    {
        using var scratch = new ScratchDirectory();
        var clip = scratch.File("clip.mp4");
        FFmpegTool.Ffmpeg("-i", TestAssets.TestSource360p, "-t", "1", "-c", "copy", clip); // 25 frames, one keyframe
        using var server = RtspTestServer.Start(("clip", clip));
        using var source = FrameSource.Open(new FrameSourceOptions(server.Url("clip")));
        Assert.True(source.Info.IsLive);

        var previous = TimeSpan.MinValue;
        var resets = 0;
        long previousPts = long.MinValue;
        for (var i = 0; i < 60; i++)
        {
            using var frame = source.ReadFrame()!;
            Assert.True(frame.StreamTime > previous, $"frame {i}: {frame.StreamTime} after {previous}");
            if (frame.Pts < previousPts) resets++;
            previous = frame.StreamTime;
            previousPts = frame.Pts;
        }
        Assert.True(resets >= 1, "the server loops the 1 s clip, so its timestamps restart at least once in 60 frames");
        Assert.True(source.TimestampDiscontinuities >= resets);
    }

    [Fact]
    public void A_server_killed_mid_stream_is_a_typed_failure_not_a_clean_end()
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { ReadTimeout = TimeSpan.FromSeconds(5) });
        for (var i = 0; i < 5; i++) source.ReadFrame()!.Release();

        server.Kill();
        // Frames already buffered may still arrive; the end must come as an exception, never as null.
        var error = ReadUntilFailure(source);
        Assert.Contains(error.Kind, new[] { MediaErrorKind.EndOfStream, MediaErrorKind.ConnectionLost, MediaErrorKind.Timeout });
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void A_stalled_source_times_out_within_the_read_timeout()
    {
        using var server = RtspTestServer.Start();
        var timeout = TimeSpan.FromSeconds(1);
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { ReadTimeout = timeout });
        source.ReadFrame()!.Release();

        server.Pause();
        try
        {
            var watch = Stopwatch.StartNew();
            var error = ReadUntilFailure(source);
            Assert.Equal(MediaErrorKind.Timeout, error.Kind);
            // Bounded: the timeout plus frames still in flight and the interrupt poll, far from a hang.
            Assert.True(watch.Elapsed < timeout + TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public void Interrupt_from_another_thread_ends_a_blocked_read()
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { ReadTimeout = TimeSpan.FromMinutes(5) });
        source.ReadFrame()!.Release();
        server.Pause();
        try
        {
            var reader = Task.Factory.StartNew(() => ReadUntilFailure(source), TaskCreationOptions.LongRunning);
            source.Interrupt();
            var error = reader.GetAwaiter().GetResult();
            Assert.Equal(MediaErrorKind.Interrupted, error.Kind);
            source.Interrupt(); // idempotent
        }
        finally
        {
            server.Resume();
        }
        source.Dispose();
        source.Interrupt(); // harmless after Dispose
    }

    [Fact]
    public void Interrupt_then_dispose_while_a_read_is_blocked_frees_safely()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var server = RtspTestServer.Start();
            var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { ReadTimeout = TimeSpan.FromMinutes(5) });
            source.ReadFrame()!.Release();
            server.Pause();
            try
            {
                var reader = Task.Factory.StartNew(() =>
                {
                    try
                    {
                        while (true) source.ReadFrame()!.Release();
                    }
                    catch (MediaException ex) when (ex.Kind == MediaErrorKind.Interrupted) { }
                    catch (ObjectDisposedException) { } // disposed before this read began
                }, TaskCreationOptions.LongRunning);
                // The native source must outlive the blocked call: freeing it under FFmpeg would crash the process.
                source.Interrupt();
                source.Dispose();
                Assert.True(reader.Wait(TimeSpan.FromSeconds(10)), "the blocked read did not end");
            }
            finally
            {
                server.Resume();
            }
        }
    }

    [Fact]
    public void Cancelling_an_open_aborts_it()
    {
        using var blackHole = new SilentServer();
        using var cancellation = new CancellationTokenSource();
        var opening = Task.Factory.StartNew(
            () => FrameSource.Open(new FrameSourceOptions(blackHole.Url) { OpenTimeout = TimeSpan.FromMinutes(5) }, cancellationToken: cancellation.Token),
            TaskCreationOptions.LongRunning);
        cancellation.Cancel();
        var error = Assert.Throws<MediaException>(() => opening.GetAwaiter().GetResult());
        Assert.Equal(MediaErrorKind.Interrupted, error.Kind);
    }

    [Fact]
    public void A_host_that_never_answers_times_out_within_the_open_timeout()
    {
        // A black hole on loopback: the kernel accepts the connection, nobody ever answers the RTSP request.
        using var blackHole = new SilentServer();
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<MediaException>(() =>
            FrameSource.Open(new FrameSourceOptions(blackHole.Url) { OpenTimeout = TimeSpan.FromSeconds(1) }));
        Assert.Equal(MediaErrorKind.Timeout, error.Kind);
        Assert.Contains("timed out", error.Message);
        Assert.DoesNotContain("Error number", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_closed_port_is_connection_refused()
    {
        var port = TestPorts.Next(); // released, and handed to nothing else in this process
        var error = Assert.Throws<MediaException>(() =>
            FrameSource.Open(new FrameSourceOptions($"rtsp://admin:secret@127.0.0.1:{port}/cam") { OpenTimeout = TimeSpan.FromSeconds(5) }));
        Assert.Equal(MediaErrorKind.ConnectionRefused, error.Kind);
        Assert.DoesNotContain("secret", error.Message);
        Assert.Contains("rtsp://***@127.0.0.1", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void An_unknown_stream_on_a_live_server_is_not_found()
    {
        using var server = RtspTestServer.Start();
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(server.Url("no-such-camera"))));
        Assert.Equal(MediaErrorKind.NotFound, error.Kind);
    }

    /// <summary>Reads until the source fails; a clean end (null) is a test failure for a live source.</summary>
    internal static MediaException ReadUntilFailure(FrameSource source)
    {
        while (true)
        {
            VideoFrame? frame;
            try
            {
                frame = source.ReadFrame();
            }
            catch (MediaException error)
            {
                return error;
            }
            Assert.True(frame is not null, "a live source must not end cleanly");
            frame.Release();
        }
    }

    /// <summary>Listens on loopback and never accepts or answers.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public SilentServer() => _listener.Start(backlog: 8);

        public string Url => $"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/cam";

        public void Dispose() => _listener.Stop();
    }
}
