using System.Net;

namespace ActorVision.Tests;

/// <summary>
/// A web server on loopback for HTTP sources: serves a folder with byte ranges (FFmpeg seeks in MP4 over HTTP), and
/// answers chosen paths with a chosen status, headers and body (a redirect, a playlist written for the test).
/// </summary>
public sealed class LoopbackWebServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string? _root;
    private readonly Dictionary<string, (int Status, string ContentType, string Body, string? Location, (string Name, string Value)[] Headers)> _routes = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _requests;

    public LoopbackWebServer(string? root = null)
    {
        _root = root;
        Port = TestPorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Requests answered so far (every path).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string Url(string name) => $"http://127.0.0.1:{Port}/{name}";

    /// <summary>Answers <paramref name="name"/> with <paramref name="body"/>.</summary>
    public void Serve(string name, string body, string contentType = "application/vnd.apple.mpegurl") =>
        _routes["/" + name] = (200, contentType, body, null, []);

    /// <summary>Answers <paramref name="name"/> with a 302 to <paramref name="location"/>.</summary>
    public void Redirect(string name, string location) => _routes["/" + name] = (302, "text/plain", "", location, []);

    /// <summary>Answers <paramref name="name"/> (any method) with <paramref name="status"/>, a text body and extra headers.</summary>
    public void Answer(string name, int status, string body, params (string Name, string Value)[] headers) =>
        _routes["/" + name] = (status, "text/plain", body, null, headers);

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
            Interlocked.Increment(ref _requests);
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var route))
            {
                response.StatusCode = route.Status;
                if (route.Location is not null) response.RedirectLocation = route.Location;
                foreach (var (header, value) in route.Headers) response.AddHeader(header, value);
                response.ContentType = route.ContentType;
                var body = System.Text.Encoding.UTF8.GetBytes(route.Body);
                response.ContentLength64 = body.Length;
                response.OutputStream.Write(body);
                return;
            }
            var path = _root is null ? null : Path.Combine(_root, Uri.UnescapeDataString(context.Request.Url.AbsolutePath.TrimStart('/')));
            if (path is null || !File.Exists(path))
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
