using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorVision.Tests;

/// <summary>
/// Runs deploy/rtsp-test-server/rtsp_test_server.py on a free loopback port for a test: live test cameras
/// (<c>/cam</c>, <c>/cam1080</c>, <c>/cam-sparse</c>), looping files (<c>/NAME</c>) and a publish target (<c>/publish</c> relayed to <c>/out</c>).
/// Tests can stop it (SIGTERM), kill it (SIGKILL, like a crashed camera) and start it again on the same port.
/// Dispose kills it.
/// </summary>
public sealed class RtspTestServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    // rtsp_test_server.py's exit status when a GStreamer element its mounts use is not installed.
    private const int MissingElementExitCode = 3;
    private readonly IReadOnlyList<(string Name, string Path)> _files;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    private RtspTestServer(int port, IReadOnlyList<(string Name, string Path)> files, IReadOnlyDictionary<string, string> environment)
    {
        Port = port;
        _files = files;
        _environment = environment;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    /// <summary>rtsp://127.0.0.1:PORT/cam: a live 640x360 25 fps test pattern.</summary>
    public string CameraUrl => Url("cam");

    /// <summary>rtsp://127.0.0.1:PORT/cam1080: a live 1920x1080 25 fps test pattern.</summary>
    public string Camera1080Url => Url("cam1080");

    /// <summary>rtsp://127.0.0.1:PORT/cam-sparse: a live 320x180 25 fps test pattern with a keyframe every 20 s.</summary>
    public string CameraSparseKeyframesUrl => Url("cam-sparse");

    /// <summary>Where to publish (RTSP RECORD); what is published plays at <see cref="OutputUrl"/>.</summary>
    public string PublishUrl => Url("publish");

    public string OutputUrl => Url("out");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server's process id while it runs (benchmarks read its CPU time).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The exit code of the last run, once it has exited.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>The server's stderr so far, for assertion messages.</summary>
    public string Diagnostics
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public string Url(string mount) => $"rtsp://{Host}:{Port}/{mount.TrimStart('/')}";

    /// <summary>Starts a server on a free port, serving each file in a loop at /NAME, and waits until it accepts clients.</summary>
    public static RtspTestServer Start(params (string Name, string Path)[] files) => Start(new Dictionary<string, string>(), files);

    /// <summary>As <see cref="Start(ValueTuple{string, string}[])"/>, with extra environment variables for the server (GStreamer's, say).</summary>
    public static RtspTestServer Start(IReadOnlyDictionary<string, string> environment, params (string Name, string Path)[] files)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = new RtspTestServer(FreeTcpPort(), files, environment);
            try
            {
                server.Launch();
                return server;
            }
            catch (Exception ex) when (attempt < 2 && ex is not RtspTestServerSetupException)
            {
                // Another process took the port between probing and binding: try another one.
                last = ex;
                server.Dispose();
            }
        }
        throw new InvalidOperationException("the RTSP test server did not start", last);
    }

    /// <summary>Starts the server again on the same port (after <see cref="Stop"/> or <see cref="Kill"/>).</summary>
    public void Restart()
    {
        if (IsRunning) throw new InvalidOperationException("the RTSP test server is still running");
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            try
            {
                Launch();
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // The port can take a moment to be free again after a kill.
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Asks the server to exit (SIGTERM) and waits until it has.</summary>
    public void Stop()
    {
        if (!IsRunning) return;
        _ = SendSignal(_process!.Id, 15);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) Kill();
    }

    /// <summary>Kills the server at once (SIGKILL), as a power cut or crash would: clients see the connection end.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _ = SendSignal(_process.Id, 18); // a paused process dies only once it runs again
            }
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but no data flows, like a hung camera.</summary>
    public void Pause()
    {
        if (IsRunning) _ = SendSignal(_process!.Id, 19);
    }

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public void Resume()
    {
        if (IsRunning) _ = SendSignal(_process!.Id, 18);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _process = null;
    }

    private void Launch()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        start.ArgumentList.Add(TestAssets.RtspTestServerScript);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--exit-with-parent");
        foreach (var (name, path) in _files)
        {
            start.ArgumentList.Add("--file");
            start.ArgumentList.Add($"{name}={path}");
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("READY ", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.Exited += (_, _) =>
        {
            // Wait for the last stderr lines, so the message names what is missing.
            process.WaitForExit();
            ready.TrySetException(process.ExitCode == MissingElementExitCode
                ? new RtspTestServerSetupException($"the RTSP test server cannot build its pipelines (run scripts/setup.sh test): {Diagnostics}")
                : new InvalidOperationException($"the RTSP test server exited: {Diagnostics}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        bool started;
        try
        {
            started = ready.Task.Wait(ReadyTimeout);
        }
        catch (AggregateException ex)
        {
            throw ex.InnerException!;
        }
        if (!started)
        {
            Kill();
            throw new TimeoutException($"the RTSP test server did not report ready within {ReadyTimeout.TotalSeconds} s: {Diagnostics}");
        }
    }

    private static int FreeTcpPort() => TestPorts.Next();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

/// <summary>The RTSP test server cannot run on this machine (a GStreamer element is missing): retrying cannot help.</summary>
public sealed class RtspTestServerSetupException(string message) : Exception(message);
