using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Hosting;
using ActorVision.Node.Configuration;
using ActorVision.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace ActorVision.Node.Tests.Support;

/// <summary>
/// A real ActorVision node in the test process: the shipped hocon/ configuration, its own data folder (SQLite),
/// free ports, and whatever HOCON the test adds. Disposing it shuts the node down (coordinated shutdown) and, unless
/// kept for a restart, deletes its data folder.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsData;
    private bool _stopped;

    private TestNode(WebApplication app, string dataFolder, int akkaPort, int grpcPort, int httpPort, bool ownsData)
    {
        _app = app;
        DataFolder = dataFolder;
        AkkaPort = akkaPort;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        _ownsData = ownsData;
    }

    public string DataFolder { get; }
    public int AkkaPort { get; }
    public int GrpcPort { get; }
    public int HttpPort { get; }
    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");
    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");
    public IServiceProvider Services => _app.Services;
    public ActorSystem System => Services.GetRequiredService<ActorSystem>();

    /// <summary>The camera shard region of this node.</summary>
    public Task<IActorRef> CameraRegionAsync() => Services.GetRequiredService<ActorRegistry>().GetAsync<CameraRegion>();

    /// <param name="extraHocon">Added on top of the shipped configuration (models, timeouts, ...).</param>
    /// <param name="dataFolder">Reuse the data folder of an earlier node (a restart); a fresh temporary one when null.</param>
    /// <param name="akkaPort">Reuse an Akka port (a restart keeps its address); a free one when null.</param>
    /// <param name="expectSelfStop">The node is expected to stop itself during start-up (configuration it cannot live
    /// with): its cancelled start is not an error.</param>
    public static async Task<TestNode> StartAsync(string extraHocon = "", string? dataFolder = null, int? akkaPort = null, bool expectSelfStop = false)
    {
        var ownsData = dataFolder is null;
        dataFolder ??= Directory.CreateTempSubdirectory("av-node-").FullName;
        var port = akkaPort ?? TestPorts.Next();
        var grpc = TestPorts.Next();
        var http = TestPorts.Next();
        var overrides = Path.Combine(dataFolder, "test-node.conf");
        // Admission judges a node by its process's CPU, and every in-process test node shares the test process's: a
        // busy test run would refuse cameras for CPU that other tests used. Tests of admission turn it on.
        await File.WriteAllTextAsync(overrides, $$"""
            actorvision.node { port = {{port}}, data-folder = "{{dataFolder}}" }
            actorvision.api { grpc-port = {{grpc}}, http-port = {{http}} }
            actorvision.capacity.admission = off
            {{extraHocon}}
            """);
        var app = NodeHost.Build(new NodeCommandLine(Path.Combine(TestAssets.RepoRoot, "hocon"), [overrides], Demo: false));
        var node = new TestNode(app, dataFolder, port, grpc, http, ownsData);
        try
        {
            await app.StartAsync();
        }
        catch (OperationCanceledException) when (expectSelfStop)
        {
            // The node stopped itself while the host was still starting (what the caller expects): the host's start
            // is cancelled, and the caller waits for the actor system to terminate instead.
        }
        return node;
    }

    /// <summary>Stops the node the way Ctrl+C does, keeping its data folder for a restart.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsData)
        {
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
        }
    }
}
