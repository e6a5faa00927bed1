using System.Net;
using ActorVision.Media.Sinks;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>Progressive HTTP and HLS over HTTP, from a loopback web server serving real files.</summary>
public sealed class HttpSourceTests
{
    [Fact]
    public void Reads_an_mp4_over_http_as_a_file()
    {
        using var web = new FileWebServer(Path.GetDirectoryName(TestAssets.TestSource360p)!);
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
        using var web = new FileWebServer(scratch.Path);
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
        using var web = new FileWebServer(Path.GetDirectoryName(TestAssets.TestSource360p)!);
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(web.Url("nothing-here.mp4"))));
        Assert.Equal(MediaErrorKind.NotFound, error.Kind);
    }

    /// <summary>Serves a folder on loopback with byte ranges (FFmpeg seeks in MP4 over HTTP).</summary>
    private sealed class FileWebServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _root;
        private readonly Task _loop;

        public FileWebServer(string root)
        {
            _root = root;
            Port = TestPorts.Next();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public string Url(string name) => $"http://127.0.0.1:{Port}/{name}";

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                _ = Task.Run(() => Serve(context));
            }
        }

        private void Serve(HttpListenerContext context)
        {
            var response = context.Response;
            try
            {
                var path = Path.Combine(_root, Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/')));
                if (!File.Exists(path))
                {
                    response.StatusCode = 404;
                    return;
                }
                var bytes = File.ReadAllBytes(path);
                long start = 0, end = bytes.Length - 1;
                var range = context.Request.Headers["Range"];
                if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    var parts = range[6..].Split('-');
                    start = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                    if (parts[1].Length > 0) end = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                    response.StatusCode = 206;
                    response.AddHeader("Content-Range", $"bytes {start}-{end}/{bytes.Length}");
                }
                response.AddHeader("Accept-Ranges", "bytes");
                response.ContentType = path.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "application/octet-stream";
                response.ContentLength64 = end - start + 1;
                response.OutputStream.Write(bytes, (int)start, (int)(end - start + 1));
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                // the client went away (FFmpeg closes connections it no longer needs)
            }
            finally
            {
                try { response.Close(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { }
            }
        }
    }
}
