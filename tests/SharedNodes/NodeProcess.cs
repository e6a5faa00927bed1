using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorVision.Tests;

/// <summary>
/// An ActorVision node as a separate OS process (the built actorvision-node next to the tests), for cluster tests
/// that kill nodes for real. Its stdout and stderr go to <see cref="LogFile"/>. Dispose kills it.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly string _configFile;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    private NodeProcess(string name, string folder, string configFile, int akkaPort, int grpcPort, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        Folder = folder;
        _configFile = configFile;
        AkkaPort = akkaPort;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        _environment = environment;
    }

    public string Name { get; }
    public string Folder { get; }
    public int AkkaPort { get; }
    public int GrpcPort { get; }
    public int HttpPort { get; }
    public string Address => $"akka.tcp://actorvision@127.0.0.1:{AkkaPort}";
    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");
    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");
    public string LogFile => Path.Combine(Folder, "node.log");
    public bool IsRunning => _process is { HasExited: false };
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;
    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>The node's log so far, for assertion messages.</summary>
    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>Writes the node's configuration (free ports, its own data folder, <paramref name="extraHocon"/>) and starts it; waits until it answers /healthz.</summary>
    /// <param name="akkaPort">A fixed Akka port, so seed-node lists can name the node before it starts.</param>
    /// <param name="waitUntilHealthy">False for a node expected to stop on its own: return once the process runs.</param>
    public static async Task<NodeProcess> StartAsync(string name, string extraHocon = "", int? akkaPort = null,
        IReadOnlyDictionary<string, string>? environment = null, string? folder = null, bool waitUntilHealthy = true)
    {
        folder ??= Directory.CreateTempSubdirectory($"av-{name}-").FullName;
        var akka = akkaPort ?? TestPorts.Next();
        var grpc = TestPorts.Next();
        var http = TestPorts.Next();
        var config = Path.Combine(folder, "node.conf");
        await File.WriteAllTextAsync(config, $$"""
            actorvision.node { port = {{akka}}, data-folder = "{{Path.Combine(folder, "data")}}" }
            actorvision.api { grpc-port = {{grpc}}, http-port = {{http}} }
            {{extraHocon}}
            """);
        var node = new NodeProcess(name, folder, config, akka, grpc, http, environment ?? new Dictionary<string, string>());
        await node.RestartAsync(waitUntilHealthy);
        return node;
    }

    /// <summary>Starts the node again with the same configuration, ports and data folder.</summary>
    public async Task RestartAsync(bool waitUntilHealthy = true)
    {
        if (IsRunning) throw new InvalidOperationException($"node {Name} is running");
        var executable = Path.Combine(AppContext.BaseDirectory, "actorvision-node.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { executable, "--config-dir", Path.Combine(TestAssets.RepoRoot, "hocon"), "--config", _configFile },
            WorkingDirectory = TestAssets.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        var log = new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Flush(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        if (waitUntilHealthy) await WaitUntilHealthyAsync();
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    private Task WaitUntilHealthyAsync() => WaitUntilOkAsync("/healthz", "answer /healthz", CancellationToken.None);

    /// <summary>Waits until the node's <c>/ready</c> says it joined the cluster, reaches its stores and loaded its routers.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) =>
        WaitUntilOkAsync("/ready", "become ready", cancellationToken);

    /// <summary>Polls <paramref name="path"/> on the HTTP port until it answers 2xx; fails at once if the process exits.</summary>
    private async Task WaitUntilOkAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning) throw new InvalidOperationException($"node {Name} exited with {ExitCode} while waiting to {what}:\n{Log()}");
            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, path), cancellationToken);
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException ex) { last = ex.Message; }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested) { last = ex.Message; }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"node {Name} did not {what} within {ReadyTimeout.TotalSeconds} s (last: {last}):\n{Log()}");
    }

    /// <summary>SIGKILL: the node dies without leaving the cluster, like a crashed machine.</summary>
    public void Kill()
    {
        if (!IsRunning) return;
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the node leaves the cluster gracefully (coordinated shutdown), as Kubernetes stops a pod.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (!IsRunning) return;
        if (SendSignal(_process!.Id, 15) != 0) throw new InvalidOperationException($"kill(SIGTERM) failed for node {Name}");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
